package workoutflow_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/rayclub/workoutflow"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
)

// This example records two workouts for a 21-day challenge on the in-memory
// store and reads the ranking and dashboard the stages computed.
func Example() {
	ctx := context.Background()
	saoPaulo, _ := time.LoadLocation("America/Sao_Paulo")
	now := workout.ClockFunc(func() time.Time { return time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC) })

	flow, err := workoutflow.New(workoutflow.Config{
		Store:    memstore.New(),
		Pipeline: workout.Config{Clock: now},
	})
	if err != nil {
		panic(err)
	}

	challenge, _ := flow.Challenges.CreateChallenge(ctx, ranking.Challenge{
		Title:     "21 dias de corrida",
		StartDate: time.Date(2024, 6, 1, 0, 0, 0, 0, saoPaulo),
		EndDate:   time.Date(2024, 6, 21, 0, 0, 0, 0, saoPaulo),
	})
	user := uuid.MustParse("6f1c1f0e-8a52-4a43-9a55-0d4f0f7d3b11")
	flow.Join(ctx, challenge.ID, user)

	// 22:30 in Sao Paulo is already 3 June in UTC; it counts for 2 June.
	for _, w := range []workout.Workout{
		{Name: "Corrida", Type: "Run", DurationMinutes: 50, Date: time.Date(2024, 6, 2, 22, 30, 0, 0, saoPaulo)},
		{Name: "Caminhada", Type: "Walk", DurationMinutes: 20, Date: time.Date(2024, 6, 3, 7, 0, 0, 0, saoPaulo)},
	} {
		w.UserID, w.ChallengeID = user, challenge.ID
		if _, err := flow.Pipeline.Record(ctx, w); err != nil {
			panic(err)
		}
	}

	// Tests and tools can run the queued stage jobs in place of workers.
	flow.Pipeline.RunPending(ctx)

	progress, _ := flow.Challenges.UserProgress(ctx, challenge.ID, user)
	board, _ := flow.Dashboards.Dashboard(ctx, user)
	fmt.Printf("position %d, %d points, %d check-in(s)\n", progress.Position, progress.Points, progress.CheckIns)
	fmt.Printf("dashboard: %d workouts, %d minutes, %d points\n", board.TotalWorkouts, board.TotalMinutes, board.TotalPoints)
	// Output:
	// position 1, 10 points, 1 check-in(s)
	// dashboard: 2 workouts, 70 minutes, 10 points
}
