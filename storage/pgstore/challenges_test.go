package pgstore_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/stretchr/testify/require"
)

func TestSaveChallengeKeepsOtherRequirements(t *testing.T) {
	t.Parallel()
	s, dsn := newStore(t)
	conn := connect(t, dsn)
	ctx := t.Context()
	c := ranking.Challenge{ID: uuid.New(), Title: "21 dias", MinCheckIns: 12, Active: true}
	require.NoError(t, s.SaveChallenge(ctx, c))
	_, err := conn.Exec(ctx, `UPDATE challenges SET requirements = requirements || '{"daily_points": 10}' WHERE id = $1`, c.ID)
	require.NoError(t, err)

	c.MinCheckIns = 0
	require.NoError(t, s.SaveChallenge(ctx, c))

	var requirements string
	require.NoError(t, conn.QueryRow(ctx, `SELECT requirements::text FROM challenges WHERE id = $1`, c.ID).Scan(&requirements))
	require.JSONEq(t, `{"daily_points": 10}`, requirements)
	read, err := s.Challenge(ctx, c.ID)
	require.NoError(t, err)
	require.Zero(t, read.MinCheckIns)
}

func TestDashboardWorkoutsByTypeRoundTrip(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := t.Context()
	cases := map[string]map[string]int{
		"nil":   nil,
		"empty": {},
		"types": {"Run": 2, "Musculação": 1},
	}
	for name, byType := range cases {
		d := dashboard.Dashboard{UserID: uuid.New(), WorkoutsByType: byType, Level: 1, UpdatedAt: baseTime}
		require.NoError(t, s.SaveDashboard(ctx, d), name)
		read, err := s.Dashboard(ctx, d.UserID)
		require.NoError(t, err, name)
		require.Equal(t, byType, read.WorkoutsByType, name)
	}
}
