package recovery_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
)

// A workout written straight into the store, as an old SQL function would,
// is never processed until recovery queues its stages.
func Example() {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	store := memstore.New()

	stage, err := dashboard.NewStage(dashboard.StageConfig{Store: store, Logger: quiet})
	if err != nil {
		panic(err)
	}
	pipeline, err := workout.New(workout.Config{
		Store:  store,
		Logger: quiet,
		Stages: []workout.StageConfig{{Name: workout.StageDashboard, Stage: stage}},
	})
	if err != nil {
		panic(err)
	}
	recoverer, err := recovery.NewRecoverer(recovery.Config{Store: store, Pipeline: pipeline, Logger: quiet})
	if err != nil {
		panic(err)
	}

	w := workout.Workout{
		ID: uuid.New(), UserID: uuid.New(), Name: "Corrida", Type: "Run",
		Date: time.Now().Add(-time.Hour), DurationMinutes: 50,
	}
	if _, err := store.InsertWorkoutWithoutQueue(ctx, w, time.Now()); err != nil {
		panic(err)
	}

	report, _ := recoverer.Diagnose(ctx, recovery.Options{})
	fmt.Println("unqueued workouts:", report.Count(recovery.KindUnqueued))

	report, _ = recoverer.Repair(ctx, recovery.Options{})
	fmt.Println("queued again:", report.RepairedCount(recovery.KindUnqueued))

	ran, _ := pipeline.RunPending(ctx)
	fmt.Println("jobs run:", ran)

	report, _ = recoverer.Diagnose(ctx, recovery.Options{})
	fmt.Println("clean:", report.Clean())

	// Output:
	// unqueued workouts: 1
	// queued again: 1
	// jobs run: 1
	// clean: true
}
