// Package recoverypg holds the tests that inject faults into a PostgreSQL
// database with plain SQL, as another writer or a legacy version of the
// app would, and check that recovery.Recoverer reports and repairs them.
// It has no code of its own.
package recoverypg
