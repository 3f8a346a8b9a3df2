package pgstore_test

import (
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/internal/pgtest"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// connect opens a plain connection for checks the Store has no method for,
// closed when the test ends.
func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(t.Context()) })
	return conn
}

// count returns the result of a query returning one integer.
func count(t *testing.T, conn *pgx.Conn, sql string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, conn.QueryRow(t.Context(), sql, args...).Scan(&n), sql)
	return n
}

// catalog describes every column and index of the public schema, to
// compare the schema before and after a change.
func catalog(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	rows, err := conn.Query(t.Context(), `
		SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(column_default, '')
		  FROM information_schema.columns WHERE table_schema = 'public'
		UNION ALL
		SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
		ORDER BY 1`)
	require.NoError(t, err)
	described, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	return described
}

var (
	legacyUser      = uuid.MustParse("a0000000-0000-0000-0000-000000000001")
	legacyChallenge = uuid.MustParse("c0000000-0000-0000-0000-000000000001")
	legacyWorkout   = uuid.MustParse("b0000000-0000-0000-0000-000000000001")
)

// newLegacyStore returns a Store on a new database loaded with the legacy
// fixture and not yet migrated, and a plain connection to it.
func newLegacyStore(t *testing.T) (*pgstore.Store, *pgx.Conn) {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	conn := connect(t, dsn)
	fixture, err := os.ReadFile("testdata/legacy_schema.sql")
	require.NoError(t, err)
	_, err = conn.Exec(t.Context(), string(fixture))
	require.NoError(t, err)

	s, err := pgstore.New(t.Context(), pgstore.Config{DSN: dsn, Logger: quiet})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s, conn
}

func TestMigrateKeepsLegacyRows(t *testing.T) {
	t.Parallel()
	s, conn := newLegacyStore(t)
	tables := []string{"workout_records", "challenges", "challenge_participants", "challenge_check_ins",
		"challenge_progress", "user_progress", "profiles", "workout_processing_queue", "workout_tracking_log"}
	before := map[string]int{}
	for _, table := range tables {
		before[table] = count(t, conn, "SELECT count(*) FROM "+table)
	}

	require.NoError(t, s.Migrate(t.Context()))

	for _, table := range tables {
		require.Equal(t, before[table], count(t, conn, "SELECT count(*) FROM "+table), "rows of %s", table)
	}
	require.Equal(t, 2, count(t, conn, `SELECT count(*) FROM challenge_check_ins WHERE check_in_day IS NULL`),
		"both legacy check-ins of one day stay")
	require.Equal(t, 1, count(t, conn, `SELECT count(*) FROM workout_processing_queue
		WHERE processed_for_ranking AND processed_at IS NULL`), "legacy queue row keeps its flag")
}

func TestMigrateAddsLibraryColumns(t *testing.T) {
	t.Parallel()
	s, conn := newLegacyStore(t)
	require.NoError(t, s.Migrate(t.Context()))

	added := map[string][]string{
		"workout_records":          {"idempotency_key"},
		"challenges":               {"time_zone", "points_per_check_in", "min_duration_minutes"},
		"challenge_check_ins":      {"check_in_day"},
		"challenge_progress":       {"workouts_in_window"},
		"user_progress":            {"time_zone", "computed_for", "minutes_this_month", "last_workout_at"},
		"profiles":                 {"time_zone"},
		"workout_processing_queue": {"tracking_log_id", "processed_at"},
		"workout_tracking_log":     {"stack_trace", "client_info", "is_exported"},
	}
	for table, columns := range added {
		for _, column := range columns {
			n := count(t, conn, `SELECT count(*) FROM information_schema.columns
				WHERE table_schema = 'public' AND table_name = $1 AND column_name = $2`, table, column)
			require.Equal(t, 1, n, "column %s.%s", table, column)
		}
	}
	require.Equal(t, 1, count(t, conn, `SELECT count(*) FROM pg_tables WHERE tablename = 'workoutflow_jobs'`))
}

func TestMigrateReadsLegacyRows(t *testing.T) {
	t.Parallel()
	s, _ := newLegacyStore(t)
	require.NoError(t, s.Migrate(t.Context()))
	ctx := t.Context()

	c, err := s.Challenge(ctx, legacyChallenge)
	require.NoError(t, err)
	require.Equal(t, 15, c.PointsPerCheckIn, "taken from requirements.daily_points")
	require.Equal(t, 12, c.MinCheckIns)
	require.Equal(t, 45, c.MinDurationMinutes)
	require.Equal(t, workout.DefaultTimeZone, c.TimeZone)

	old, err := s.Challenge(ctx, uuid.MustParse("c0000000-0000-0000-0000-000000000002"))
	require.NoError(t, err)
	require.Equal(t, ranking.DefaultPointsPerCheckIn, old.PointsPerCheckIn)
	require.Zero(t, old.MinCheckIns)

	p, err := s.Participant(ctx, legacyChallenge, legacyUser)
	require.NoError(t, err)
	require.Equal(t, ranking.StatusActive, p.Status, "a legacy participant without status is active")

	w, err := s.Workout(ctx, legacyWorkout)
	require.NoError(t, err)
	require.Equal(t, "not-a-uuid", w.ClientWorkoutID)
	require.Empty(t, w.Notes)
	require.Equal(t, legacyChallenge, w.ChallengeID)

	empty, err := s.Workout(ctx, uuid.MustParse("b0000000-0000-0000-0000-000000000003"))
	require.NoError(t, err)
	require.True(t, empty.Date.IsZero())
	require.Equal(t, uuid.Nil, empty.ChallengeID)

	checkIns, err := s.CheckIns(ctx, legacyChallenge, legacyUser)
	require.NoError(t, err)
	require.Len(t, checkIns, 2)
	// Legacy rows have no stored day: it comes from the instant in the
	// challenge's zone, so 22:30 in Sao Paulo stays on 2 June.
	require.Equal(t, "2024-06-02", checkIns[0].Day.String())
	require.Equal(t, "2024-06-02", checkIns[1].Day.String())

	d, err := s.Dashboard(ctx, legacyUser)
	require.NoError(t, err)
	require.Equal(t, 2, d.TotalWorkouts)
	require.Equal(t, map[string]int{"Run": 1, "Strength": 1}, d.WorkoutsByType)

	profile, err := s.Profile(ctx, legacyUser)
	require.NoError(t, err)
	require.Equal(t, "Ana", profile.Name)
}

func TestMigrateThenRecomputeReplacesDuplicates(t *testing.T) {
	t.Parallel()
	s, conn := newLegacyStore(t)
	require.NoError(t, s.Migrate(t.Context()))

	checkInAt := time.Date(2024, time.June, 3, 1, 30, 0, 0, time.UTC)
	result := ranking.UserResult{
		ChallengeID: legacyChallenge,
		UserID:      legacyUser,
		Member:      true,
		CheckIns: []ranking.CheckIn{{
			ID: uuid.New(), Day: workout.LocalDate{Year: 2024, Month: time.June, Day: 2},
			CheckInAt: checkInAt, Points: 15, WorkoutID: legacyWorkout, UserName: "Ana",
		}},
		Progress:      ranking.Progress{Points: 15, CheckIns: 1, LastCheckIn: &checkInAt, UserName: "Ana"},
		WorkoutPoints: map[uuid.UUID]int{legacyWorkout: 15, uuid.MustParse("b0000000-0000-0000-0000-000000000002"): 0},
	}
	require.NoError(t, s.SaveUserResult(t.Context(), result, baseTime))
	require.NoError(t, s.RefreshPositions(t.Context(), legacyChallenge, baseTime))

	require.Equal(t, 1, count(t, conn, `SELECT count(*) FROM challenge_check_ins WHERE user_id = $1`, legacyUser))
	progress, err := s.UserProgress(t.Context(), legacyChallenge, legacyUser)
	require.NoError(t, err)
	require.Equal(t, 15, progress.Points)
	require.Equal(t, 1, progress.Position)
	require.Equal(t, 0, count(t, conn, `SELECT points FROM workout_records WHERE id = 'b0000000-0000-0000-0000-000000000002'`))
}

func TestMigrateTwiceIsNoOp(t *testing.T) {
	t.Parallel()
	s, dsn := newStore(t)
	conn := connect(t, dsn)
	before := catalog(t, conn)
	versions := count(t, conn, `SELECT count(*) FROM `+pgstore.VersionTable)

	require.NoError(t, s.Migrate(t.Context()))

	require.Equal(t, before, catalog(t, conn))
	require.Equal(t, versions, count(t, conn, `SELECT count(*) FROM `+pgstore.VersionTable))
}

func TestMigrationSQLRunsTwice(t *testing.T) {
	t.Parallel()
	script, err := pgstore.MigrationSQL("")
	require.NoError(t, err)
	require.NotContains(t, script, "-- +goose Down", "the script holds only the Up sections")
	conn := connect(t, pgtest.NewDatabase(t))

	_, err = conn.Exec(t.Context(), script)
	require.NoError(t, err)
	first := catalog(t, conn)
	_, err = conn.Exec(t.Context(), script)
	require.NoError(t, err, "every statement must be idempotent")

	require.Equal(t, first, catalog(t, conn))
	require.Contains(t, first, "workoutflow_jobs.challenge_ids ARRAY '{}'::uuid[]")
}

func TestMigrationSQLRejectsBadSchema(t *testing.T) {
	t.Parallel()
	_, err := pgstore.MigrationSQL("Bad-Schema")
	require.ErrorContains(t, err, "Schema")
}
