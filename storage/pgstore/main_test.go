package pgstore_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/internal/pgtest"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
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

// quiet discards the logs of the stores under test.
var quiet = slog.New(slog.DiscardHandler)

// migrated is a database with every migration applied, copied for each
// test.
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

// newStore returns a Store on a new migrated database, closed when the test
// ends, and the database's DSN.
func newStore(t testing.TB) (*pgstore.Store, string) {
	t.Helper()
	dsn := migrated.NewDatabase(t)
	s, err := pgstore.New(t.Context(), pgstore.Config{DSN: dsn, Logger: quiet})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s, dsn
}

// baseTime is the fixed "now" of the tests.
var baseTime = time.Date(2024, time.June, 3, 12, 0, 0, 0, time.UTC)

var bothStages = []string{workout.StageRanking, workout.StageDashboard}

// newWorkout returns a valid workout of the user with a new id.
func newWorkout(userID uuid.UUID) workout.Workout {
	return workout.Workout{
		ID:              uuid.New(),
		UserID:          userID,
		ClientWorkoutID: "treino-1",
		Name:            "Corrida",
		Type:            "Run",
		Date:            baseTime.Add(-time.Hour),
		DurationMinutes: 50,
		Notes:           "leve",
	}
}

// insertRequest records w at now with both built-in stages.
func insertRequest(w workout.Workout, now time.Time) workout.InsertRequest {
	return workout.InsertRequest{Workout: w, Stages: bothStages, ReplayWindow: time.Minute, Now: now}
}
