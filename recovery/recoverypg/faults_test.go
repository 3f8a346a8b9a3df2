package recoverypg_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rayclub/workoutflow"
	"github.com/rayclub/workoutflow/internal/pgtest"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/workout"
)

func TestMain(m *testing.M) {
	code := pgtest.Run(m)
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goroutines leaked: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

var quiet = slog.New(slog.DiscardHandler)

var migrated = &pgtest.Template{
	Setup: func(ctx context.Context, dsn string) error {
		s, err := pgstore.New(ctx, pgstore.Config{DSN: dsn, Logger: quiet})
		if err != nil {
			return err
		}
		defer s.Close()
		return s.Migrate(ctx)
	},
}

// now is the fixed time of the tests, inside the challenge window.
var now = time.Date(2026, time.June, 10, 15, 0, 0, 0, time.UTC)

// world is a migrated database holding a processed, fault-free challenge.
type world struct {
	t         *testing.T
	store     *pgstore.Store
	flow      *workoutflow.Flow
	recoverer *recovery.Recoverer
	conn      *pgx.Conn

	challenge    uuid.UUID
	userA, userB uuid.UUID
	// workouts of userA: two on 2 June, of which the first owns the
	// check-in, and one on 3 June.
	firstA, secondA, thirdA uuid.UUID
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := t.Context()
	dsn := migrated.NewDatabase(t)
	store, err := pgstore.New(ctx, pgstore.Config{DSN: dsn, Logger: quiet})
	require.NoError(t, err)
	t.Cleanup(store.Close)
	clock := workout.ClockFunc(func() time.Time { return now })
	flow, err := workoutflow.New(workoutflow.Config{Store: store, Pipeline: workout.Config{Clock: clock, Logger: quiet}})
	require.NoError(t, err)
	recoverer, err := recovery.NewRecoverer(recovery.Config{Store: store, Pipeline: flow.Pipeline, Clock: clock, Logger: quiet})
	require.NoError(t, err)
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })

	w := &world{t: t, store: store, flow: flow, recoverer: recoverer, conn: conn,
		challenge: uuid.New(), userA: uuid.New(), userB: uuid.New()}
	require.NoError(t, store.SaveChallenge(ctx, ranking.Challenge{ID: w.challenge, Title: "Junho",
		StartDate: time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC),
		EndDate:   time.Date(2026, time.June, 21, 0, 0, 0, 0, time.UTC), TimeZone: "UTC", Active: true}))
	for _, user := range []uuid.UUID{w.userA, w.userB} {
		_, err := flow.Join(ctx, w.challenge, user)
		require.NoError(t, err)
	}
	w.firstA = w.record(w.userA, time.Date(2026, time.June, 2, 7, 0, 0, 0, time.UTC))
	w.secondA = w.record(w.userA, time.Date(2026, time.June, 2, 19, 0, 0, 0, time.UTC))
	w.thirdA = w.record(w.userA, time.Date(2026, time.June, 3, 7, 0, 0, 0, time.UTC))
	w.record(w.userB, time.Date(2026, time.June, 4, 7, 0, 0, 0, time.UTC))
	w.runStages()
	return w
}

func (w *world) record(user uuid.UUID, date time.Time) uuid.UUID {
	w.t.Helper()
	recorded, err := w.flow.Pipeline.Record(w.t.Context(), workout.Workout{UserID: user, Name: "Corrida",
		Type: "Run", Date: date, DurationMinutes: 50, ChallengeID: w.challenge})
	require.NoError(w.t, err)
	return recorded.Workout.ID
}

func (w *world) runStages() {
	w.t.Helper()
	_, err := w.flow.Pipeline.RunPending(w.t.Context())
	require.NoError(w.t, err)
}

func (w *world) exec(sql string, args ...any) {
	w.t.Helper()
	_, err := w.conn.Exec(w.t.Context(), sql, args...)
	require.NoError(w.t, err)
}

// snapshot returns the derived rows that recovery repairs, without the
// times of writing, one row per line.
func (w *world) snapshot() string {
	w.t.Helper()
	queries := []string{
		`SELECT 'check-in', challenge_id, user_id, check_in_day::text, check_in_date, points, workout_id
		   FROM challenge_check_ins ORDER BY 2, 3, 4`,
		`SELECT 'progress', challenge_id, user_id, points, check_ins_count, total_check_ins, position,
		        consecutive_days, workouts_in_window FROM challenge_progress ORDER BY 2, 3`,
		`SELECT 'workout', id, points FROM workout_records ORDER BY 2`,
		`SELECT 'dashboard', user_id, points, workouts, total_check_ins, current_streak, total_duration
		   FROM user_progress ORDER BY 2`,
	}
	var b strings.Builder
	for _, query := range queries {
		rows, err := w.conn.Query(w.t.Context(), query)
		require.NoError(w.t, err)
		for rows.Next() {
			values, err := rows.Values()
			require.NoError(w.t, err)
			fmt.Fprintln(&b, values...)
		}
		require.NoError(w.t, rows.Err())
	}
	return b.String()
}

func (w *world) diagnose() *recovery.Report {
	w.t.Helper()
	report, err := w.recoverer.Diagnose(w.t.Context(), recovery.Options{})
	require.NoError(w.t, err)
	return report
}

func TestHealthyDatabaseIsClean(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	require.Empty(t, w.diagnose().Findings)
}

func TestRepairFaultsInjectedWithSQL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// inject breaks the database and returns the kind that Diagnose
		// must report.
		inject func(w *world) recovery.Kind
		opts   recovery.Options
	}{
		{
			name: "corrupted challenge progress points",
			inject: func(w *world) recovery.Kind {
				w.exec(`UPDATE challenge_progress SET points = points + 55 WHERE user_id = $1`, w.userA)
				return recovery.KindProgressDrift
			},
		},
		{
			name: "corrupted user progress points",
			inject: func(w *world) recovery.Kind {
				w.exec(`UPDATE user_progress SET points = 999 WHERE user_id = $1`, w.userB)
				return recovery.KindDashboardDrift
			},
		},
		{
			name: "duplicated legacy check-in",
			inject: func(w *world) recovery.Kind {
				// check_in_day NULL marks a legacy row, which the unique
				// index on the day does not cover.
				w.exec(`INSERT INTO challenge_check_ins (challenge_id, user_id, check_in_date, points, workout_id)
					SELECT challenge_id, user_id, check_in_date, points, $2
					  FROM challenge_check_ins WHERE workout_id = $1`, w.firstA, w.secondA)
				return recovery.KindDuplicateCheckIn
			},
		},
		{
			name: "dead job",
			inject: func(w *world) recovery.Kind {
				w.exec(`UPDATE workoutflow_jobs SET state = 'dead', attempt = 5, last_error = 'boom'
					WHERE workout_id = $1 AND stage = 'ranking'`, w.thirdA)
				return recovery.KindDead
			},
			opts: recovery.Options{RetryDead: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			faultFree := w.snapshot()

			kind := tt.inject(w)
			report := w.diagnose()
			require.Positive(t, report.Count(kind), "findings: %+v", report.Findings)

			repaired, err := w.recoverer.Repair(t.Context(), tt.opts)
			require.NoError(t, err)
			require.Equal(t, report.Count(kind), repaired.RepairedCount(kind))
			w.runStages()

			require.Empty(t, w.diagnose().Findings, "after repair")
			require.Equal(t, faultFree, w.snapshot())
		})
	}
}

func TestRepairWorkoutInsertedWithSQL(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	foreign := uuid.New()
	w.exec(`INSERT INTO workout_records (id, user_id, workout_name, workout_type, date, duration_minutes, challenge_id, created_at)
		VALUES ($1, $2, 'Corrida', 'Run', $3, 50, $4, $5)`,
		foreign, w.userB, time.Date(2026, time.June, 5, 7, 0, 0, 0, time.UTC), w.challenge, now)

	report := w.diagnose()
	require.Equal(t, []uuid.UUID{foreign}, report.WorkoutIDs(recovery.KindUnqueued))
	require.Positive(t, report.Count(recovery.KindCheckInDrift), "its check-in is missing")

	_, err := w.recoverer.Repair(t.Context(), recovery.Options{})
	require.NoError(t, err)
	w.runStages()
	require.Empty(t, w.diagnose().Findings, "after repair")

	status, err := w.store.Status(t.Context(), foreign)
	require.NoError(t, err)
	require.NotNil(t, status.ProcessedAt, "queued and processed")
	progress, err := w.store.UserProgress(t.Context(), w.challenge, w.userB)
	require.NoError(t, err)
	require.Equal(t, 20, progress.Points, "two check-in days")
}

func TestRepairCheckInOfDeletedWorkout(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// Deleting behind the library's back leaves the check-in it earned.
	w.exec(`DELETE FROM workout_records WHERE id = $1`, w.thirdA)

	report := w.diagnose()
	require.Equal(t, 1, report.Count(recovery.KindOrphanCheckIn), "findings: %+v", report.Findings)

	_, err := w.recoverer.Repair(t.Context(), recovery.Options{})
	require.NoError(t, err)
	require.Empty(t, w.diagnose().Findings, "after repair")

	checkIns, err := w.store.CheckIns(t.Context(), w.challenge, w.userA)
	require.NoError(t, err)
	require.Len(t, checkIns, 1)
	require.Equal(t, w.firstA, checkIns[0].WorkoutID)
	progress, err := w.store.UserProgress(t.Context(), w.challenge, w.userA)
	require.NoError(t, err)
	require.Equal(t, 10, progress.Points)
}
