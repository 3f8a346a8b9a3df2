package pgstore_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
	"github.com/rayclub/workoutflow/internal/pgtest"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/stretchr/testify/require"
)

func TestNewRejectsInvalidConfig(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		cfg   pgstore.Config
		field string
	}{
		"no handle":       {pgstore.Config{}, "DSN, Pool and DB"},
		"two handles":     {pgstore.Config{DSN: "host=/tmp", DB: &sqlx.DB{}}, "DSN, Pool and DB"},
		"bad schema":      {pgstore.Config{DSN: "host=/tmp", Schema: "drop table"}, "Schema"},
		"negative locks":  {pgstore.Config{DSN: "host=/tmp", LockConns: -1}, "LockConns"},
		"unparsable DSN":  {pgstore.Config{DSN: "postgres://%zz"}, "DSN"},
		"upper-case name": {pgstore.Config{DSN: "host=/tmp", Schema: "Tenant"}, "Schema"},
	}
	for name, tc := range cases {
		_, err := pgstore.New(t.Context(), tc.cfg)
		require.ErrorContains(t, err, tc.field, name)
	}
}

// checkRoundTrip records a workout through s and reads it back.
func checkRoundTrip(t *testing.T, s *pgstore.Store) {
	t.Helper()
	w := newWorkout(uuid.New())
	_, replayed, err := s.InsertWorkout(t.Context(), insertRequest(w, baseTime))
	require.NoError(t, err)
	require.False(t, replayed)
	read, err := s.Workout(t.Context(), w.ID)
	require.NoError(t, err)
	require.Equal(t, w.Name, read.Name)
}

func TestNewWithPool(t *testing.T) {
	t.Parallel()
	pool, err := pgxpool.New(t.Context(), migrated.NewDatabase(t))
	require.NoError(t, err)
	defer pool.Close()

	s, err := pgstore.New(t.Context(), pgstore.Config{Pool: pool, Logger: quiet})
	require.NoError(t, err)
	checkRoundTrip(t, s)
	require.NoError(t, s.Migrate(t.Context()), "migrating a migrated database is a no-op")
	s.Close()

	require.NoError(t, pool.Ping(t.Context()), "Close leaves the service's pool open")
}

func TestNewWithSQLDB(t *testing.T) {
	t.Parallel()
	db, err := sqlx.Open("pgx", pgtest.NewDatabase(t))
	require.NoError(t, err)
	defer db.Close()

	s, err := pgstore.New(t.Context(), pgstore.Config{DB: db, Logger: quiet})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(t.Context()))
	checkRoundTrip(t, s)

	unlock, err := s.Lock(t.Context(), "key")
	require.NoError(t, err)
	unlock()
	s.Close()
	require.NoError(t, db.Ping(), "Close leaves the service's handle open")
}

func TestNewChecksSearchPathOfPool(t *testing.T) {
	t.Parallel()
	pool, err := pgxpool.New(t.Context(), pgtest.NewDatabase(t))
	require.NoError(t, err)
	defer pool.Close()

	_, err = pgstore.New(t.Context(), pgstore.Config{Pool: pool, Schema: "tenant", Logger: quiet})
	require.ErrorContains(t, err, "Schema")
	require.ErrorContains(t, err, "search_path")
}

func TestCustomSchema(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	s, err := pgstore.New(t.Context(), pgstore.Config{DSN: dsn, Schema: "tenant_a", Logger: quiet})
	require.NoError(t, err)
	defer s.Close()

	require.NoError(t, s.Migrate(t.Context()))
	checkRoundTrip(t, s)

	conn := connect(t, dsn)
	require.Equal(t, 1, count(t, conn, `SELECT count(*) FROM tenant_a.workout_records`))
	require.Equal(t, 1, count(t, conn, `SELECT count(*) FROM pg_tables WHERE schemaname = 'tenant_a' AND tablename = $1`, pgstore.VersionTable))
	require.Equal(t, 0, count(t, conn, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`))
}
