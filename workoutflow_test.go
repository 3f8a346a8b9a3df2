package workoutflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
)

func TestNewRequiresStore(t *testing.T) {
	t.Parallel()
	_, err := workoutflow.New(workoutflow.Config{})
	require.ErrorContains(t, err, "Config.Store")
}

func TestNewRegistersBothStages(t *testing.T) {
	t.Parallel()
	extra := workout.StageConfig{Name: "audit", Stage: workout.StageFunc(func(context.Context, workout.Job) error { return nil })}
	flow, err := workoutflow.New(workoutflow.Config{
		Store:    memstore.New(),
		Pipeline: workout.Config{Stages: []workout.StageConfig{extra}},
	})
	require.NoError(t, err)
	require.Equal(t, []string{"audit", workout.StageRanking, workout.StageDashboard}, flow.Pipeline.Stages())
}

func TestDropRefreshesDashboardPoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)
	flow, err := workoutflow.New(workoutflow.Config{
		Store:    memstore.New(),
		Pipeline: workout.Config{Clock: workout.ClockFunc(func() time.Time { return now })},
	})
	require.NoError(t, err)
	challenge, err := flow.Challenges.CreateChallenge(ctx, ranking.Challenge{
		Title: "Junho", StartDate: now.AddDate(0, 0, -9), EndDate: now.AddDate(0, 0, 11),
	})
	require.NoError(t, err)
	user := uuid.New()
	_, err = flow.Join(ctx, challenge.ID, user)
	require.NoError(t, err)

	_, err = flow.Pipeline.Record(ctx, workout.Workout{
		UserID: user, Name: "Corrida", Type: "Run", DurationMinutes: 60,
		Date: now.Add(-2 * time.Hour), ChallengeID: challenge.ID,
	})
	require.NoError(t, err)
	_, err = flow.Pipeline.RunPending(ctx)
	require.NoError(t, err)
	board, err := flow.Dashboards.Dashboard(ctx, user)
	require.NoError(t, err)
	require.Equal(t, 10, board.TotalPoints)

	_, err = flow.Drop(ctx, challenge.ID, user)
	require.NoError(t, err)
	board, err = flow.Dashboards.Dashboard(ctx, user)
	require.NoError(t, err)
	require.Zero(t, board.TotalPoints, "a dropped challenge no longer adds points")
}
