package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow"
	"github.com/rayclub/workoutflow/internal/pgtest"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// result is the outcome of one run.
type result struct {
	code           int
	stdout, stderr string
}

func runCommand(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), args, &stdout, &stderr)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// migratedDatabase returns the DSN of a new database migrated by the
// migrate command.
func migratedDatabase(t *testing.T) string {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	got := runCommand(t, "-database-url", dsn, "migrate")
	require.Equal(t, exitOK, got.code, got.stderr)
	require.Contains(t, got.stderr, "migrations applied")
	return dsn
}

// fixture is a database with a challenge and one processed workout that
// owns a check-in.
type fixture struct {
	dsn       string
	conn      *pgx.Conn
	challenge uuid.UUID
	userID    uuid.UUID
	workoutID uuid.UUID
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	dsn := migratedDatabase(t)
	ctx := t.Context()
	store, err := pgstore.New(ctx, pgstore.Config{DSN: dsn, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	defer store.Close()
	flow, err := workoutflow.New(workoutflow.Config{Store: store, Pipeline: workout.Config{Logger: slog.New(slog.DiscardHandler)}})
	require.NoError(t, err)

	now := time.Now()
	f := fixture{dsn: dsn, challenge: uuid.New(), userID: uuid.New()}
	require.NoError(t, store.SaveChallenge(ctx, ranking.Challenge{ID: f.challenge, Title: "Mês",
		StartDate: now.AddDate(0, 0, -10), EndDate: now.AddDate(0, 0, 10), TimeZone: "UTC", Active: true}))
	_, err = flow.Join(ctx, f.challenge, f.userID)
	require.NoError(t, err)
	recorded, err := flow.Pipeline.Record(ctx, workout.Workout{UserID: f.userID, Name: "Corrida", Type: "Run",
		Date: now.Add(-time.Hour), DurationMinutes: 50, ChallengeID: f.challenge})
	require.NoError(t, err)
	f.workoutID = recorded.Workout.ID
	_, err = flow.Pipeline.RunPending(ctx)
	require.NoError(t, err)

	f.conn, err = pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { f.conn.Close(context.Background()) })
	return f
}

func (f fixture) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	_, err := f.conn.Exec(t.Context(), sql, args...)
	require.NoError(t, err)
}

func TestUsageErrors(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	tests := map[string][]string{
		"no command":       nil,
		"unknown command":  {"-database-url", "postgres://unused", "frobnicate"},
		"missing database": {"stats"},
		"unknown flag":     {"-verbose", "stats"},
	}
	for name, args := range tests {
		t.Run(name, func(t *testing.T) {
			got := runCommand(t, args...)
			require.Equal(t, exitUsage, got.code, got.stderr)
			require.NotEmpty(t, got.stderr)
			require.Empty(t, got.stdout)
		})
	}
}

func TestHelpExitsZero(t *testing.T) {
	t.Parallel()
	got := runCommand(t, "-help")
	require.Equal(t, exitOK, got.code)
	require.Contains(t, got.stderr, "explain <workout id>")
	for _, name := range commandOrder {
		require.NotEmpty(t, commands[name].description, name)
		require.Contains(t, got.stderr, commands[name].description, name)
	}
}

func TestCommandArgumentErrors(t *testing.T) {
	t.Parallel()
	dsn := migratedDatabase(t)
	tests := map[string][]string{
		"retry without id":      {"retry"},
		"retry invalid id":      {"retry", "nope"},
		"explain two ids":       {"explain", uuid.NewString(), uuid.NewString()},
		"stats negative window": {"stats", "-window", "-1h"},
		"diagnose bad check":    {"diagnose", "-checks", "queue,magic"},
		"recover bad flag":      {"recover", "-force"},
	}
	for name, args := range tests {
		t.Run(name, func(t *testing.T) {
			got := runCommand(t, append([]string{"-database-url", dsn}, args...)...)
			require.Equal(t, exitUsage, got.code, got.stderr)
		})
	}
}

func TestDatabaseUnreachableFails(t *testing.T) {
	t.Parallel()
	got := runCommand(t, "-database-url", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2", "stats")
	require.Equal(t, exitFailure, got.code, got.stderr)
	require.Contains(t, got.stderr, "open database")
}

func TestDiagnoseAndRecover(t *testing.T) {
	t.Parallel()
	f := newFixture(t)

	got := runCommand(t, "-database-url", f.dsn, "diagnose")
	require.Equal(t, exitOK, got.code, got.stderr)
	require.Contains(t, got.stderr, "0 findings")
	var clean map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(got.stdout), &clean))
	require.JSONEq(t, "[]", string(clean["findings"]))
	require.NotContains(t, got.stdout, "dry_run", "diagnose never repairs")
	require.NotContains(t, got.stderr, "dry run", "diagnose never repairs")

	// A workout written behind the library's back has no queue row.
	foreign := uuid.New()
	f.exec(t, `INSERT INTO workout_records (id, user_id, workout_name, workout_type, date, duration_minutes, challenge_id)
		VALUES ($1, $2, 'Corrida', 'Run', now() - interval '2 hours', 50, $3)`, foreign, f.userID, f.challenge)

	got = runCommand(t, "-database-url", f.dsn, "diagnose", "-checks", "queue")
	require.Equal(t, exitProblems, got.code, got.stderr)
	var report struct {
		Findings []struct {
			Kind      string    `json:"kind"`
			WorkoutID uuid.UUID `json:"workout_id"`
		} `json:"findings"`
	}
	require.NoError(t, json.Unmarshal([]byte(got.stdout), &report))
	require.Len(t, report.Findings, 1)
	require.Equal(t, foreign, report.Findings[0].WorkoutID)

	got = runCommand(t, "-database-url", f.dsn, "recover", "-dry-run", "-checks", "queue")
	require.Equal(t, exitOK, got.code, got.stderr)
	require.Contains(t, got.stderr, "dry run")
	require.Contains(t, got.stdout, `"dry_run": true`)
	got = runCommand(t, "-database-url", f.dsn, "diagnose", "-checks", "queue")
	require.Equal(t, exitProblems, got.code, "a dry run repairs nothing")

	got = runCommand(t, "-database-url", f.dsn, "recover", "-checks", "queue")
	require.Equal(t, exitOK, got.code, got.stderr)
	require.Contains(t, got.stderr, "repairing")
	got = runCommand(t, "-database-url", f.dsn, "diagnose", "-checks", "queue")
	require.Equal(t, exitOK, got.code, got.stdout)
}

func TestRetryDeadJobs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(t, `UPDATE workoutflow_jobs SET state = 'dead', last_error = 'boom' WHERE workout_id = $1 AND stage = 'ranking'`, f.workoutID)

	got := runCommand(t, "-database-url", f.dsn, "retry", f.workoutID.String())
	require.Equal(t, exitOK, got.code, got.stderr)
	var out struct {
		Requeued int `json:"requeued"`
	}
	require.NoError(t, json.Unmarshal([]byte(got.stdout), &out))
	require.Equal(t, 1, out.Requeued)

	var state string
	require.NoError(t, f.conn.QueryRow(t.Context(),
		`SELECT state FROM workoutflow_jobs WHERE workout_id = $1 AND stage = 'ranking'`, f.workoutID).Scan(&state))
	require.Equal(t, "pending", state)

	got = runCommand(t, "-database-url", f.dsn, "retry", uuid.NewString())
	require.Equal(t, exitFailure, got.code, "unknown workout")
	require.Contains(t, got.stderr, "not found")
}

func TestStatsReportsWindow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exec(t, `INSERT INTO workout_tracking_log (user_id, workout_id, action, status, request_data, processing_time_ms, created_at)
		VALUES ($1, $2, 'ranking', 'succeeded', '{}', 40, now() - interval '10 minutes'),
		       ($1, $2, 'ranking', 'failed', '{}', 60, now() - interval '3 hours')`, f.userID, f.workoutID)

	tests := []struct {
		window   string
		attempts int
		windowMS float64
		meanMS   float64
	}{
		{window: "30m", attempts: 1, windowMS: 1800000, meanMS: 40},
		{window: "4h", attempts: 2, windowMS: 14400000, meanMS: 50},
	}
	for _, tt := range tests {
		window := tt.window
		got := runCommand(t, "-database-url", f.dsn, "stats", "-window", window)
		require.Equal(t, exitOK, got.code, got.stderr)
		var out struct {
			Window string `json:"window"`
			Stages []struct {
				Stage    string  `json:"stage"`
				Attempts int     `json:"attempts"`
				WindowMS float64 `json:"window_ms"`
				MeanMS   float64 `json:"mean_ms"`
			} `json:"stages"`
		}
		require.NoError(t, json.Unmarshal([]byte(got.stdout), &out))
		found := false
		for _, s := range out.Stages {
			if s.Stage == "ranking" {
				found = true
				require.Equal(t, tt.attempts, s.Attempts, "window %s", window)
				require.Equal(t, tt.windowMS, s.WindowMS, "window %s", window)
				require.Equal(t, tt.meanMS, s.MeanMS, "window %s", window)
			}
		}
		require.NotContains(t, got.stdout, `"mean":`, "stage times carry their unit")
		require.True(t, found, "ranking stage in %s", got.stdout)
	}
}

func TestExplainWorkout(t *testing.T) {
	t.Parallel()
	f := newFixture(t)

	got := runCommand(t, "-database-url", f.dsn, "explain", f.workoutID.String())
	require.Equal(t, exitOK, got.code, got.stderr)
	var out struct {
		Explanation struct {
			OwnsCheckIn bool `json:"owns_check_in"`
			Points      int  `json:"points"`
		} `json:"explanation"`
		Status *struct {
			ProcessedForRanking bool `json:"processed_for_ranking"`
		} `json:"status"`
		Events []json.RawMessage `json:"events"`
	}
	require.NoError(t, json.Unmarshal([]byte(got.stdout), &out))
	require.True(t, out.Explanation.OwnsCheckIn)
	require.Equal(t, ranking.DefaultPointsPerCheckIn, out.Explanation.Points)
	require.NotContains(t, got.stdout, "owner_id", "a check-in owner has no other owner")
	require.NotNil(t, out.Status)
	require.True(t, out.Status.ProcessedForRanking)
	require.NotNil(t, out.Events)

	missing := uuid.NewString()
	got = runCommand(t, "-database-url", f.dsn, "explain", missing)
	require.Equal(t, exitFailure, got.code)
	require.Contains(t, got.stderr, "not found")
	require.Equal(t, 1, strings.Count(got.stderr, missing), "stderr: %s", got.stderr)
}
