// Package pgtest gives each test its own PostgreSQL database.
//
// When TEST_DATABASE_URL is set, the databases are created on that server,
// and the role in the URL needs the CREATEDB privilege. Otherwise the first
// test that asks for a database starts a throwaway server from the local
// PostgreSQL binaries (found with `pg_config --bindir`, else under
// /usr/lib/postgresql/*/bin) in a temporary directory. That server listens
// only on a Unix socket in the directory, runs with fsync off, and runs as
// the user nobody when the tests run as root, because PostgreSQL refuses to
// run as root.
//
// One server serves the whole test binary. Use Main (or Run) in TestMain so
// that the server is stopped and its directory removed when the tests end.
// The server also gets SIGKILL from the kernel when the test process dies,
// and a later run removes the directories of servers whose test process is
// gone.
//
// Without binaries and without TEST_DATABASE_URL the tests that need a
// database are skipped, with a message saying how to install PostgreSQL,
// except when the environment variable CI is "true": there they fail.
package pgtest
