package recovery_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/recovery"
)

func TestReportGroupsFindingsByKind(t *testing.T) {
	t.Parallel()
	first, second := uuid.New(), uuid.New()
	report := &recovery.Report{Findings: []recovery.Finding{
		{Kind: recovery.KindDead, WorkoutID: first, UserID: userA, Stage: "ranking", Repaired: true},
		{Kind: recovery.KindDead, WorkoutID: first, UserID: userA, Stage: "dashboard"},
		{Kind: recovery.KindDead, WorkoutID: second, UserID: userB},
		{Kind: recovery.KindDashboardDrift, UserID: userB},
	}}

	require.Equal(t, 3, report.Count(recovery.KindDead))
	require.Equal(t, 1, report.RepairedCount(recovery.KindDead))
	require.Equal(t, []uuid.UUID{first, second}, report.WorkoutIDs(recovery.KindDead))
	require.Equal(t, []uuid.UUID{userA, userB}, report.UserIDs(recovery.KindDead))
	require.Empty(t, report.WorkoutIDs(recovery.KindDashboardDrift), "findings without a workout are left out")
	require.Equal(t, map[recovery.Kind]int{recovery.KindDead: 3, recovery.KindDashboardDrift: 1}, report.Counts())
	require.Zero(t, report.Count(recovery.KindFailed))
	require.False(t, report.Clean())
	require.True(t, (&recovery.Report{}).Clean())
}
