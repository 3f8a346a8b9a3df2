package ranking_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
)

// Example creates a challenge, records workouts of two participants, runs
// the ranking stage for them and prints the ranking.
func Example() {
	ctx := context.Background()
	loc, _ := time.LoadLocation("America/Sao_Paulo")
	now := time.Date(2025, 6, 30, 12, 0, 0, 0, loc)
	clock := workout.ClockFunc(func() time.Time { return now })

	store := memstore.New()
	stage, err := ranking.NewStage(ranking.StageConfig{Store: store, Clock: clock})
	if err != nil {
		log.Fatal(err)
	}
	defer stage.Stop(ctx)
	service, err := ranking.NewService(ranking.ServiceConfig{Store: store, Clock: clock, Stage: stage})
	if err != nil {
		log.Fatal(err)
	}

	challenge, err := service.CreateChallenge(ctx, ranking.Challenge{
		Title:     "21 dias",
		StartDate: time.Date(2025, 6, 1, 0, 0, 0, 0, loc),
		EndDate:   time.Date(2025, 6, 21, 0, 0, 0, 0, loc),
	})
	if err != nil {
		log.Fatal(err)
	}

	users := []struct {
		name    string
		minutes []int
	}{
		{"Ana", []int{60, 30, 50}},
		{"Bruno", []int{45, 45, 45}},
	}
	for _, user := range users {
		userID := uuid.New()
		if err := store.SaveProfile(ctx, workout.Profile{ID: userID, Name: user.name}); err != nil {
			log.Fatal(err)
		}
		if _, err := service.Join(ctx, challenge.ID, userID); err != nil {
			log.Fatal(err)
		}

		// One workout a day at 22:30 local time, which is the next day in UTC.
		for day, minutes := range user.minutes {
			date := time.Date(2025, 6, day+1, 22, 30, 0, 0, loc)
			w := workout.Workout{ID: uuid.New(), UserID: userID, Name: "Corrida", Type: "Run",
				Date: date, DurationMinutes: minutes, ChallengeID: challenge.ID}
			if _, _, err := store.InsertWorkout(ctx, workout.InsertRequest{Workout: w, Now: date}); err != nil {
				log.Fatal(err)
			}
		}

		job := workout.Job{Stage: workout.StageRanking, UserID: userID, ChallengeIDs: []uuid.UUID{challenge.ID}}
		if err := stage.Process(ctx, job); err != nil {
			log.Fatal(err)
		}
	}

	rows, err := service.Ranking(ctx, challenge.ID)
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range rows {
		fmt.Printf("%d. %s: %d points, %d check-ins, %.2f%%\n",
			row.Position, row.UserName, row.Points, row.CheckIns, row.CompletionPercentage)
	}
	// Output:
	// 1. Bruno: 30 points, 3 check-ins, 14.29%
	// 2. Ana: 20 points, 2 check-ins, 9.52%
}
