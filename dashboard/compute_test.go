package dashboard

import (
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestComputeNoWorkouts(t *testing.T) {
	t.Parallel()
	userID := uuid.New()
	now := spTime(2025, time.June, 10, 12, 0)

	d, err := Compute(userID, workout.DefaultProfile(userID), nil, nil, now)
	require.NoError(t, err)

	require.Equal(t, userID, d.UserID)
	require.Equal(t, workout.DefaultTimeZone, d.TimeZone)
	require.Equal(t, workout.LocalDate{Year: 2025, Month: time.June, Day: 10}, d.ComputedFor)
	require.Zero(t, d.TotalWorkouts)
	require.Zero(t, d.TotalMinutes)
	require.Zero(t, d.MinutesThisMonth)
	require.Zero(t, d.DaysTrainedThisMonth)
	require.NotNil(t, d.WorkoutsByType)
	require.Empty(t, d.WorkoutsByType)
	require.Zero(t, d.CurrentStreak)
	require.Zero(t, d.LongestStreak)
	require.Zero(t, d.TotalPoints)
	require.Zero(t, d.TotalCheckIns)
	require.Zero(t, d.ChallengesCompleted)
	require.Equal(t, 1, d.Level)
	require.Nil(t, d.LastWorkoutAt)
	require.True(t, d.UpdatedAt.Equal(now))
}

func TestComputeWorkoutFields(t *testing.T) {
	t.Parallel()
	userID := uuid.New()
	now := spTime(2025, time.June, 10, 12, 0)
	latest := spTime(2025, time.June, 10, 7, 0)
	workouts := []workout.Workout{
		newWorkout(userID, spTime(2025, time.April, 2, 8, 0), 40, "Run"),
		newWorkout(userID, spTime(2025, time.May, 31, 23, 30), 50, "Walk"),
		newWorkout(userID, spTime(2025, time.June, 1, 0, 15), 20, "Run"),
		newWorkout(userID, spTime(2025, time.June, 8, 6, 0), 30, "Yoga"),
		newWorkout(userID, spTime(2025, time.June, 8, 18, 0), 45, "Run"),
		newWorkout(userID, spTime(2025, time.June, 9, 6, 0), 60, "Ride"),
		newWorkout(userID, latest, 25, "Yoga"),
	}

	d, err := Compute(userID, workout.Profile{ID: userID, Name: "Ana"}, workouts, nil, now)
	require.NoError(t, err)

	require.Equal(t, 7, d.TotalWorkouts)
	require.Equal(t, 40+50+20+30+45+60+25, d.TotalMinutes)
	require.Equal(t, 20+30+45+60+25, d.MinutesThisMonth)
	require.Equal(t, 4, d.DaysTrainedThisMonth, "1, 8, 9 and 10 June")
	require.Equal(t, map[string]int{"Run": 3, "Walk": 1, "Yoga": 2, "Ride": 1}, d.WorkoutsByType)
	require.Equal(t, 3, d.CurrentStreak, "8, 9 and 10 June")
	require.Equal(t, 3, d.LongestStreak)
	require.NotNil(t, d.LastWorkoutAt)
	require.True(t, d.LastWorkoutAt.Equal(latest))
	require.Zero(t, d.TotalPoints)
	require.Equal(t, 1, d.Level)
}

func TestComputeMonthBoundary(t *testing.T) {
	t.Parallel()

	// 23:30 in Sao Paulo on 31 May 2025 is 02:30 UTC on 1 June.
	lateMay := time.Date(2025, time.June, 1, 2, 30, 0, 0, time.UTC)
	// 00:10 in Sao Paulo on 1 June 2025 is 03:10 UTC on 1 June.
	earlyJune := time.Date(2025, time.June, 1, 3, 10, 0, 0, time.UTC)

	tests := []struct {
		name        string
		date        time.Time
		now         time.Time
		wantMinutes int
		wantDays    int
	}{
		{"late 31 May read in June", lateMay, spTime(2025, time.June, 15, 9, 0), 0, 0},
		{"late 31 May read on 31 May", lateMay, spTime(2025, time.May, 31, 23, 50), 50, 1},
		{"late 31 May read at June midnight", lateMay, spTime(2025, time.June, 1, 0, 0), 0, 0},
		{"early 1 June read in June", earlyJune, spTime(2025, time.June, 15, 9, 0), 50, 1},
		{"early 1 June read in July", earlyJune, spTime(2025, time.July, 1, 0, 0), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			userID := uuid.New()
			workouts := []workout.Workout{newWorkout(userID, tt.date, 50, "Run")}

			d, err := Compute(userID, workout.DefaultProfile(userID), workouts, nil, tt.now)
			require.NoError(t, err)

			require.Equal(t, tt.wantMinutes, d.MinutesThisMonth)
			require.Equal(t, tt.wantDays, d.DaysTrainedThisMonth)
			require.Equal(t, 50, d.TotalMinutes, "all-time totals ignore the month")
		})
	}
}

func TestComputeUsesZoneDatabase(t *testing.T) {
	t.Parallel()
	userID := uuid.New()

	// Sao Paulo kept daylight saving time (UTC-2) until 17 February 2019, so
	// 02:30 UTC on 1 February 2019 was 00:30 local on 1 February. A fixed
	// UTC-3 offset would file it under 31 January.
	date := time.Date(2019, time.February, 1, 2, 30, 0, 0, time.UTC)
	now := time.Date(2019, time.February, 10, 15, 0, 0, 0, time.UTC)
	workouts := []workout.Workout{newWorkout(userID, date, 30, "Run")}

	d, err := Compute(userID, workout.DefaultProfile(userID), workouts, nil, now)
	require.NoError(t, err)

	require.Equal(t, 30, d.MinutesThisMonth)
	require.Equal(t, 1, d.DaysTrainedThisMonth)
}

func TestComputeProfileZone(t *testing.T) {
	t.Parallel()
	userID := uuid.New()
	profile := workout.Profile{ID: userID, TimeZone: "Asia/Tokyo"}

	// 20:00 UTC on 31 May is 05:00 on 1 June in Tokyo.
	date := time.Date(2025, time.May, 31, 20, 0, 0, 0, time.UTC)
	now := time.Date(2025, time.June, 1, 3, 0, 0, 0, time.UTC)
	workouts := []workout.Workout{newWorkout(userID, date, 30, "Run")}

	d, err := Compute(userID, profile, workouts, nil, now)
	require.NoError(t, err)

	require.Equal(t, "Asia/Tokyo", d.TimeZone)
	require.Equal(t, workout.LocalDate{Year: 2025, Month: time.June, Day: 1}, d.ComputedFor)
	require.Equal(t, 30, d.MinutesThisMonth)
	require.Equal(t, 1, d.CurrentStreak)
}

func TestComputeFutureWorkout(t *testing.T) {
	t.Parallel()
	userID := uuid.New()
	now := spTime(2025, time.June, 10, 12, 0)
	ahead := now.Add(40 * time.Minute)
	workouts := []workout.Workout{
		newWorkout(userID, spTime(2025, time.June, 9, 8, 0), 30, "Run"),
		newWorkout(userID, ahead, 45, "Run"),
	}

	d, err := Compute(userID, workout.DefaultProfile(userID), workouts, nil, now)
	require.NoError(t, err)

	require.Equal(t, 2, d.TotalWorkouts)
	require.Equal(t, 75, d.TotalMinutes)
	require.Equal(t, 75, d.MinutesThisMonth)
	require.Equal(t, 2, d.DaysTrainedThisMonth)
	require.Equal(t, 2, d.CurrentStreak)
	require.NotNil(t, d.LastWorkoutAt)
	require.True(t, d.LastWorkoutAt.Equal(ahead))
}

func TestComputeRejectsBadInput(t *testing.T) {
	t.Parallel()
	userID := uuid.New()
	other := uuid.New()
	now := spTime(2025, time.June, 10, 12, 0)

	tests := []struct {
		name        string
		profile     workout.Profile
		workouts    []workout.Workout
		memberships []Membership
		wantInError string
	}{
		{
			name:        "unknown zone",
			profile:     workout.Profile{ID: userID, TimeZone: "Mars/Olympus"},
			wantInError: "Mars/Olympus",
		},
		{
			name:        "profile of another user",
			profile:     workout.DefaultProfile(other),
			wantInError: other.String(),
		},
		{
			name:        "workout of another user",
			profile:     workout.DefaultProfile(userID),
			workouts:    []workout.Workout{newWorkout(other, now, 30, "Run")},
			wantInError: other.String(),
		},
		{
			name:        "membership of another user",
			profile:     workout.DefaultProfile(userID),
			memberships: []Membership{{Participant: ranking.Participant{UserID: other}}},
			wantInError: other.String(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			_, err := Compute(userID, tt.profile, tt.workouts, tt.memberships, now)
			require.Error(t, err)
			require.Contains(t, err.Error(), tt.wantInError)
			require.Contains(t, err.Error(), userID.String())
		})
	}
}

// TestComputeStravaHistory checks Compute against figures counted directly
// from a real workout history, month by month.
func TestComputeStravaHistory(t *testing.T) {
	t.Parallel()
	userID := uuid.New()
	workouts := loadStravaWorkouts(t, "athlete-04.csv", userID)
	rows := readStravaCSV(t, "athlete-04.csv")

	// June 2024 ends with a run at 00:08 UTC on 1 July, which is 21:08 on
	// 30 June in Sao Paulo.
	for _, month := range []string{"2024-06", "2024-07", "2023-03"} {
		t.Run(month, func(t *testing.T) {
			t.Parallel()
			start, err := time.ParseInLocation("2006-01", month, saoPaulo)
			require.NoError(t, err)
			now := start.AddDate(0, 1, 0).Add(-time.Minute)

			d, err := Compute(userID, workout.DefaultProfile(userID), workouts, nil, now)
			require.NoError(t, err)

			want := countStravaMonth(t, rows, month)
			require.Equal(t, want.minutes, d.MinutesThisMonth)
			require.Equal(t, want.days, d.DaysTrainedThisMonth)
			require.Positive(t, d.DaysTrainedThisMonth)
		})
	}

	d, err := Compute(userID, workout.DefaultProfile(userID), workouts, nil, spTime(2025, time.February, 1, 12, 0))
	require.NoError(t, err)
	want := countStravaTotals(t, rows)
	require.Equal(t, want.workouts, d.TotalWorkouts)
	require.Equal(t, want.minutes, d.TotalMinutes)
	require.Equal(t, want.byType, d.WorkoutsByType)
	require.Equal(t, want.longestStreak, d.LongestStreak)
	require.Zero(t, d.CurrentStreak, "the history ends on 8 January 2025")
}

type stravaMonth struct {
	minutes int
	days    int
}

// countStravaMonth adds up the minutes and distinct Sao Paulo days of the
// storable rows whose Sao Paulo date falls in month (2006-01).
func countStravaMonth(t *testing.T, rows [][]string, month string) stravaMonth {
	t.Helper()

	var got stravaMonth
	days := map[string]bool{}
	for _, row := range rows {
		started, minutes := parseStravaRow(t, row)
		if minutes < 1 || minutes > 1440 {
			continue
		}
		local := started.In(saoPaulo).Format(time.DateOnly)
		if local[:7] == month {
			got.minutes += minutes
			days[local] = true
		}
	}
	got.days = len(days)
	return got
}

type stravaTotals struct {
	workouts      int
	minutes       int
	byType        map[string]int
	longestStreak int
}

// countStravaTotals counts the storable rows, their minutes and types, and
// the longest run of consecutive Sao Paulo days with a row.
func countStravaTotals(t *testing.T, rows [][]string) stravaTotals {
	t.Helper()

	got := stravaTotals{byType: map[string]int{}}
	days := map[string]bool{}
	for _, row := range rows {
		started, minutes := parseStravaRow(t, row)
		if minutes < 1 || minutes > 1440 {
			continue
		}
		got.workouts++
		got.minutes += minutes
		got.byType[row[3]]++
		days[started.In(saoPaulo).Format(time.DateOnly)] = true
	}

	sorted := make([]string, 0, len(days))
	for day := range days {
		sorted = append(sorted, day)
	}
	sort.Strings(sorted)
	run := 0
	for i, day := range sorted {
		run++
		if i > 0 {
			previous, _ := time.Parse(time.DateOnly, sorted[i-1])
			current, _ := time.Parse(time.DateOnly, day)
			if current.Sub(previous) != 24*time.Hour {
				run = 1
			}
		}
		got.longestStreak = max(got.longestStreak, run)
	}
	return got
}

func parseStravaRow(t *testing.T, row []string) (time.Time, int) {
	t.Helper()
	started, err := time.Parse(time.RFC3339, row[1])
	require.NoError(t, err)
	minutes, err := strconv.Atoi(row[2])
	require.NoError(t, err)
	return started, minutes
}
