package ranking

import (
	"testing"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestEvaluateProgressFigures(t *testing.T) {
	t.Parallel()

	workouts := []workout.Workout{
		testWorkout(t, 1, "2025-06-01 08:00", 60),
		testWorkout(t, 2, "2025-06-02 08:00", 60),
		testWorkout(t, 3, "2025-06-02 09:00", 20),
		testWorkout(t, 4, "2025-06-03 08:00", 60),
		testWorkout(t, 5, "2025-06-05 08:00", 60),
		testWorkout(t, 6, "2025-06-06 22:45", 60),
		testWorkout(t, 7, "2025-06-25 08:00", 60),
	}
	now := spTime(t, "2025-06-30 12:00")

	result, err := Evaluate(testChallenge(t), activeParticipant(), testProfile(), workouts, now)
	require.NoError(t, err)

	progress := result.Progress
	require.True(t, result.Member)
	require.Equal(t, testChallengeID, progress.ChallengeID)
	require.Equal(t, testUserID, progress.UserID)
	require.Equal(t, 50, progress.Points)
	require.Equal(t, 5, progress.CheckIns)
	require.NotNil(t, progress.LastCheckIn)
	require.Equal(t, spTime(t, "2025-06-06 22:45"), *progress.LastCheckIn)
	require.Equal(t, 2, progress.ConsecutiveDays, "5 and 6 June follow a gap on 4 June")
	require.Equal(t, 6, progress.WorkoutsInWindow, "the short and same-day workout counts, 25 June does not")
	require.InDelta(t, 23.81, progress.CompletionPercentage, 1e-9)
	require.False(t, progress.Completed)
	require.Zero(t, progress.Position)
	require.Equal(t, "Ana", progress.UserName)
	require.Equal(t, "https://example.test/ana.jpg", progress.UserPhotoURL)
	require.Equal(t, now, progress.UpdatedAt)
}

func TestEvaluateCompletion(t *testing.T) {
	t.Parallel()

	twoDays := []workout.Workout{testWorkout(t, 1, "2025-06-01 08:00", 60), testWorkout(t, 2, "2025-06-02 08:00", 60)}
	var everyDay []workout.Workout
	for i := range 21 {
		w := testWorkout(t, byte(i+1), "2025-06-01 08:00", 60)
		w.Date = w.Date.AddDate(0, 0, i)
		everyDay = append(everyDay, w)
	}

	tests := []struct {
		name           string
		minCheckIns    int
		workouts       []workout.Workout
		wantPercentage float64
		wantCompleted  bool
	}{
		{name: "2 of 21 days", workouts: twoDays, wantPercentage: 9.52},
		{name: "minimum reached", minCheckIns: 2, workouts: twoDays, wantPercentage: 9.52, wantCompleted: true},
		{name: "minimum missed", minCheckIns: 3, workouts: twoDays, wantPercentage: 9.52},
		{name: "every day without minimum", workouts: everyDay, wantPercentage: 100, wantCompleted: true},
		{name: "every day but one", workouts: everyDay[:20], wantPercentage: 95.24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			ch := testChallenge(t)
			ch.MinCheckIns = tt.minCheckIns
			result, err := Evaluate(ch, activeParticipant(), testProfile(), tt.workouts, spTime(t, "2025-06-30 12:00"))
			require.NoError(t, err)
			require.InDelta(t, tt.wantPercentage, result.Progress.CompletionPercentage, 1e-9)
			require.Equal(t, tt.wantCompleted, result.Progress.Completed)
		})
	}
}

func TestEvaluateNonMemberProgress(t *testing.T) {
	t.Parallel()

	dropped := &Participant{ChallengeID: testChallengeID, UserID: testUserID, Status: StatusDropped}
	workouts := []workout.Workout{testWorkout(t, 1, "2025-06-01 08:00", 60)}

	result, err := Evaluate(testChallenge(t), dropped, testProfile(), workouts, spTime(t, "2025-06-30 12:00"))
	require.NoError(t, err)
	require.False(t, result.Member)
	require.Empty(t, result.CheckIns)
	require.Zero(t, result.Progress.Points)
	require.Zero(t, result.Progress.CheckIns)
	require.Zero(t, result.Progress.WorkoutsInWindow)
	require.Nil(t, result.Progress.LastCheckIn)
	require.Equal(t, "Ana", result.Progress.UserName)
}

func TestEvaluateCheckInFields(t *testing.T) {
	t.Parallel()

	w := testWorkout(t, 1, "2025-06-02 22:30", 75)
	w.Name = "Musculação 💪"
	w.Type = "WeightTraining"
	profile := workout.Profile{ID: testUserID}

	result, err := Evaluate(testChallenge(t), activeParticipant(), profile, []workout.Workout{w}, spTime(t, "2025-06-30 12:00"))
	require.NoError(t, err)
	require.Len(t, result.CheckIns, 1)

	day := workout.LocalDate{Year: 2025, Month: 6, Day: 2}
	require.Equal(t, CheckIn{
		ID:              CheckInID(testChallengeID, testUserID, day),
		ChallengeID:     testChallengeID,
		UserID:          testUserID,
		Day:             day,
		CheckInAt:       w.Date,
		Points:          10,
		WorkoutID:       w.ID,
		WorkoutName:     "Musculação 💪",
		WorkoutType:     "WeightTraining",
		DurationMinutes: 75,
		UserName:        workout.DefaultDisplayName,
	}, result.CheckIns[0])
	require.Equal(t, workout.DefaultDisplayName, result.Progress.UserName)
}

func TestConsecutiveDays(t *testing.T) {
	t.Parallel()

	checkInsOn := func(days ...string) []CheckIn {
		var checkIns []CheckIn
		for _, value := range days {
			day, err := workout.ParseLocalDate(value)
			require.NoError(t, err)
			checkIns = append(checkIns, CheckIn{ID: uuid.New(), Day: day})
		}
		return checkIns
	}

	require.Zero(t, ConsecutiveDays(nil))
	require.Equal(t, 1, ConsecutiveDays(checkInsOn("2025-06-01")))
	require.Equal(t, 3, ConsecutiveDays(checkInsOn("2025-05-30", "2025-05-31", "2025-06-01")), "the run crosses a month end")
	require.Equal(t, 1, ConsecutiveDays(checkInsOn("2025-06-01", "2025-06-02", "2025-06-04")))
}

func TestCompletionPercentage(t *testing.T) {
	t.Parallel()

	require.InDelta(t, 9.52, CompletionPercentage(2, 21), 1e-9)
	require.InDelta(t, 33.33, CompletionPercentage(1, 3), 1e-9)
	require.InDelta(t, 66.67, CompletionPercentage(2, 3), 1e-9)
	require.InDelta(t, 100, CompletionPercentage(30, 21), 1e-9)
	require.Zero(t, CompletionPercentage(0, 21))
	require.Zero(t, CompletionPercentage(3, 0))
}
