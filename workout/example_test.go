package workout_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
)

// This example registers a stage of its own. The stage fails on its first
// attempt; the pipeline records the failure, and the retry succeeds once the
// backoff has passed.
func ExamplePipeline() {
	ctx := context.Background()
	now := time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)
	clock := workout.ClockFunc(func() time.Time { return now })

	attempts := 0
	notify := workout.StageFunc(func(ctx context.Context, job workout.Job) error {
		attempts++
		if attempts == 1 {
			return errors.New("push service unavailable")
		}
		fmt.Printf("notified user of workout (attempt %d)\n", job.Attempt)
		return nil
	})

	pipeline, err := workout.New(workout.Config{
		Store:  memstore.New(),
		Clock:  clock,
		Stages: []workout.StageConfig{{Name: "notify", Stage: notify, MaxAttempts: 3}},
	})
	if err != nil {
		panic(err)
	}

	rec, err := pipeline.Record(ctx, workout.Workout{
		UserID: uuid.New(), Name: "Musculação", Type: "WeightTraining",
		DurationMinutes: 60, Date: now.Add(-time.Hour),
	})
	if err != nil {
		panic(err)
	}

	pipeline.RunPending(ctx) // the first attempt fails
	status, _ := pipeline.Status(ctx, rec.Workout.ID)
	fmt.Println("after the first run:", status.Jobs[0].State, status.Jobs[0].LastError)

	now = now.Add(workout.DefaultRetryMax) // past any backoff
	pipeline.RunPending(ctx)
	status, _ = pipeline.Status(ctx, rec.Workout.ID)
	fmt.Println("after the retry:", status.Jobs[0].State)
	// Output:
	// after the first run: pending push service unavailable
	// notified user of workout (attempt 2)
	// after the retry: done
}

// Invalid workouts are rejected with every invalid field named, and nothing
// is stored.
func ExampleValidationError() {
	pipeline, _ := workout.New(workout.Config{Store: memstore.New()})

	_, err := pipeline.Record(context.Background(), workout.Workout{
		UserID: uuid.New(), Name: "Corrida", Type: "", DurationMinutes: 2000, Date: time.Now(),
	})

	var verr *workout.ValidationError
	if errors.As(err, &verr) {
		for _, f := range verr.Fields {
			fmt.Printf("%s: %s\n", f.Field, f.Message)
		}
	}
	// Output:
	// workout_type: is required
	// duration_minutes: must be between 1 and 1440 minutes, got 2000
}
