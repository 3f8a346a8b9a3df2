package pgtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { Main(m) }

// query runs SQL with psql on the database of dsn and returns the output
// without alignment.
func query(t *testing.T, dsn, sql string) string {
	t.Helper()
	c := requireCluster(t)
	out, err := exec.Command(c.psql, "-X", "-tA", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-c", sql).CombinedOutput()
	require.NoError(t, err, string(out))
	return strings.TrimSpace(string(out))
}

func TestNewDatabaseIsolatedAndDropped(t *testing.T) {
	var first, second string
	t.Run("create", func(t *testing.T) {
		first = NewDatabase(t)
		second = NewDatabase(t)
		require.NotEqual(t, first, second)

		query(t, first, "CREATE TABLE only_here (id int)")
		require.Equal(t, "1", query(t, first, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"))
		require.Equal(t, "0", query(t, second, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"))
	})

	c := requireCluster(t)
	name := databaseName(first)
	count := query(t, c.adminDSN, "SELECT count(*) FROM pg_database WHERE datname = '"+name+"'")
	require.Equal(t, "0", count, "database %s must be dropped after its test", name)
}

// databaseName returns the dbname of a keyword/value DSN or the path of a URL.
func databaseName(dsn string) string {
	if i := strings.LastIndex(dsn, "dbname="); i >= 0 {
		return strings.Fields(dsn[i+len("dbname="):])[0]
	}
	return dsn[strings.LastIndex(dsn, "/")+1:]
}

var tableTemplate = &Template{
	Setup: func(ctx context.Context, dsn string) error {
		out, err := exec.CommandContext(ctx, currentCluster.psql, "-X", "-q", "-d", dsn,
			"-c", "CREATE TABLE from_template (id int); INSERT INTO from_template VALUES (7)").CombinedOutput()
		if err != nil {
			return &exec.ExitError{Stderr: out}
		}
		return nil
	},
}

func TestTemplateCopiedPerTest(t *testing.T) {
	t.Parallel()
	for i := range 3 {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			dsn := tableTemplate.NewDatabase(t)

			require.Equal(t, "7", query(t, dsn, "SELECT id FROM from_template"))
			query(t, dsn, "INSERT INTO from_template VALUES (8)")
			require.Equal(t, "2", query(t, dsn, "SELECT count(*) FROM from_template"))
		})
	}
}

func TestReplaceDatabase(t *testing.T) {
	t.Parallel()
	cases := []struct {
		dsn, expected string
	}{
		{"postgres://u:p@localhost:5432/app?sslmode=disable", "postgres://u:p@localhost:5432/other?sslmode=disable"},
		{"postgresql://localhost/app", "postgresql://localhost/other"},
		{"host=/tmp user=u dbname=app", "host=/tmp user=u dbname=app dbname=other"},
	}
	for _, tc := range cases {
		require.Equal(t, tc.expected, replaceDatabase(tc.dsn, "other"))
	}
}

func TestRemoveStaleServers(t *testing.T) {
	exited := exec.Command("true")
	require.NoError(t, exited.Run())
	deadPID := exited.Process.Pid

	stale, err := os.MkdirTemp(socketParent(), dirPrefix)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(stale, ownerFile), []byte(strconv.Itoa(deadPID)), 0o644))

	alive, err := os.MkdirTemp(socketParent(), dirPrefix)
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(alive) })
	require.NoError(t, os.WriteFile(filepath.Join(alive, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644))

	removeStaleServers()

	_, err = os.Stat(stale)
	require.True(t, os.IsNotExist(err), "directory of a dead owner must be removed")
	_, err = os.Stat(alive)
	require.NoError(t, err, "directory of a running owner must stay")
}

func TestReadPID(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cases := map[string]struct {
		content string
		pid     int
		ok      bool
	}{
		"postmaster file": {"1234\n/data\n1700000000\n", 1234, true},
		"bare number":     {"42", 42, true},
		"garbage":         {"x\n", 0, false},
		"zero":            {"0\n", 0, false},
	}
	for name, tc := range cases {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o644))
		pid, ok := readPID(path)
		require.Equal(t, tc.ok, ok, name)
		require.Equal(t, tc.pid, pid, name)
	}
}
