package ranking

import (
	"testing"

	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestQualifyReasons(t *testing.T) {
	t.Parallel()

	rules, err := NewRules(testChallenge(t), spTime(t, "2025-06-10 12:00"))
	require.NoError(t, err)

	tests := []struct {
		name    string
		workout workout.Workout
		member  bool
		wantDay string
		wantErr error
	}{
		{name: "qualifies", workout: testWorkout(t, 1, "2025-06-10 23:59", 45), member: true, wantDay: "2025-06-10"},
		{name: "not member first", workout: testWorkout(t, 1, "2025-06-30 08:00", 10), wantDay: "2025-06-30", wantErr: ErrNotMember},
		{name: "before window", workout: testWorkout(t, 1, "2025-05-31 23:59", 60), member: true, wantDay: "2025-05-31", wantErr: ErrOutsideWindow},
		{name: "after window", workout: testWorkout(t, 1, "2025-06-22 00:00", 60), member: true, wantDay: "2025-06-22", wantErr: ErrOutsideWindow},
		{name: "after today", workout: testWorkout(t, 1, "2025-06-11 00:00", 60), member: true, wantDay: "2025-06-11", wantErr: ErrFutureDay},
		{name: "too short", workout: testWorkout(t, 1, "2025-06-10 08:00", 44), member: true, wantDay: "2025-06-10", wantErr: ErrTooShort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			day, err := rules.Qualify(tt.workout, tt.member)
			require.ErrorIs(t, err, tt.wantErr)
			require.Equal(t, tt.wantDay, day.String())
		})
	}
}

func TestNewRulesDefaults(t *testing.T) {
	t.Parallel()

	ch := testChallenge(t)
	ch.TimeZone = ""
	rules, err := NewRules(ch, spTime(t, "2025-06-10 23:30"))
	require.NoError(t, err)

	require.Equal(t, workout.DefaultTimeZone, rules.Location.String())
	require.Equal(t, DefaultPointsPerCheckIn, rules.PointsPerCheckIn)
	require.Equal(t, DefaultMinDurationMinutes, rules.MinDurationMinutes)
	require.Equal(t, "2025-06-10", rules.Today.String(), "today is the local day, not the UTC one")
	require.Equal(t, 21, rules.WindowDays())
}

func TestWindow(t *testing.T) {
	t.Parallel()

	ch := testChallenge(t)
	start, end, loc, err := Window(ch)
	require.NoError(t, err)
	require.Equal(t, "2025-06-01", start.String())
	require.Equal(t, "2025-06-21", end.String(), "23:59 local on 21 June is 22 June in UTC")
	require.Equal(t, "America/Sao_Paulo", loc.String())

	ch.TimeZone = "Not/AZone"
	_, _, _, err = Window(ch)
	require.ErrorContains(t, err, "Not/AZone")
}

func TestRulesInvertedWindow(t *testing.T) {
	t.Parallel()

	ch := testChallenge(t)
	ch.StartDate, ch.EndDate = ch.EndDate, ch.StartDate
	rules, err := NewRules(ch, spTime(t, "2025-06-30 12:00"))
	require.NoError(t, err)

	require.Zero(t, rules.WindowDays())
	require.False(t, rules.Completed(0))

	result, err := Evaluate(ch, activeParticipant(), testProfile(), []workout.Workout{testWorkout(t, 1, "2025-06-05 08:00", 60)}, spTime(t, "2025-06-30 12:00"))
	require.NoError(t, err)
	require.Empty(t, result.CheckIns)
	require.Zero(t, result.Progress.CompletionPercentage)
}
