package dashboard

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestComputeStreaks(t *testing.T) {
	t.Parallel()
	now := spTime(2025, time.June, 10, 12, 0)

	// at returns 08:00 in Sao Paulo, daysAgo days before now.
	at := func(daysAgo int) time.Time { return spTime(2025, time.June, 10-daysAgo, 8, 0) }

	tests := []struct {
		name        string
		dates       []time.Time
		wantCurrent int
		wantLongest int
	}{
		{"no workouts", nil, 0, 0},
		{"today only", []time.Time{at(0)}, 1, 1},
		{"yesterday only", []time.Time{at(1)}, 1, 1},
		{"ended two days ago", []time.Time{at(4), at(3), at(2)}, 0, 3},
		{"run ending yesterday", []time.Time{at(3), at(2), at(1)}, 3, 3},
		{"run ending today", []time.Time{at(2), at(1), at(0)}, 3, 3},
		{"gap breaks the run", []time.Time{at(5), at(4), at(3), at(1), at(0)}, 2, 3},
		{"longest run in the past", []time.Time{at(9), at(8), at(7), at(6), at(1)}, 1, 4},
		{
			name:        "several workouts a day count once",
			dates:       []time.Time{at(1), at(1).Add(time.Hour), at(1).Add(9 * time.Hour), at(0)},
			wantCurrent: 2,
			wantLongest: 2,
		},
		{
			// 23:30 in Sao Paulo on 9 June is 02:30 UTC on 10 June.
			name:        "late evening is the local day",
			dates:       []time.Time{spTime(2025, time.June, 8, 7, 0), spTime(2025, time.June, 9, 23, 30)},
			wantCurrent: 2,
			wantLongest: 2,
		},
		{
			// Recording accepts dates up to an hour ahead, so near midnight
			// a workout can fall on the next local day.
			name:        "future day does not extend current",
			dates:       []time.Time{at(1), at(0), spTime(2025, time.June, 11, 0, 30)},
			wantCurrent: 2,
			wantLongest: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			userID := uuid.New()
			var workouts []workout.Workout
			for _, date := range tt.dates {
				workouts = append(workouts, newWorkout(userID, date, 30, "Run"))
			}

			d, err := Compute(userID, workout.DefaultProfile(userID), workouts, nil, now)
			require.NoError(t, err)

			require.Equal(t, tt.wantCurrent, d.CurrentStreak, "current streak")
			require.Equal(t, tt.wantLongest, d.LongestStreak, "longest streak")
		})
	}
}

func TestCurrentStreakAcrossMonths(t *testing.T) {
	t.Parallel()
	trained := map[workout.LocalDate]bool{
		{Year: 2024, Month: time.December, Day: 30}: true,
		{Year: 2024, Month: time.December, Day: 31}: true,
		{Year: 2025, Month: time.January, Day: 1}:   true,
	}

	require.Equal(t, 3, currentStreak(trained, workout.LocalDate{Year: 2025, Month: time.January, Day: 2}))
	require.Equal(t, 0, currentStreak(trained, workout.LocalDate{Year: 2025, Month: time.January, Day: 3}))
	require.Equal(t, 3, longestStreak(trained))
}
