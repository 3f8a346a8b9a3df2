// Package compatpg tests the legacy calls on PostgreSQL through three
// paths: the Go compat.Service, the compathttp handler, and the SQL
// functions installed by the storage/pgstore migrations. Every path runs
// the shared cases of package compattest and the replies are compared key
// by key. The package holds only tests.
package compatpg
