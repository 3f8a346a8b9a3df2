package main

import (
	"testing"
	"time"

	"github.com/rayclub/workoutflow/internal/strava"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func mustDate(t *testing.T, s string) workout.LocalDate {
	t.Helper()

	day, err := workout.ParseLocalDate(s)
	require.NoError(t, err)
	return day
}

// activityAt returns an activity of the athlete at the given UTC time.
func activityAt(athlete, utc string, minutes int) strava.Activity {
	start, err := time.Parse(time.RFC3339, utc)
	if err != nil {
		panic(err)
	}
	return strava.Activity{Athlete: athlete, StartedAt: start, ElapsedMinutes: minutes}
}

func TestBusiestWindowMostAthletes(t *testing.T) {
	t.Parallel()

	loc, err := workout.LoadZone("America/Sao_Paulo")
	require.NoError(t, err)
	activities := []strava.Activity{
		activityAt("a", "2024-03-01T12:00:00Z", 60),
		activityAt("a", "2024-03-02T12:00:00Z", 60),
		activityAt("a", "2024-03-03T12:00:00Z", 60),
		activityAt("b", "2024-03-06T12:00:00Z", 10),
		// 01:00 UTC on 9 March is 22:00 on 8 March in Sao Paulo.
		activityAt("c", "2024-03-09T01:00:00Z", 10),
	}

	w, err := busiestWindow(activities, 3, loc)
	require.NoError(t, err)
	require.Equal(t, window{Start: mustDate(t, "2024-03-06"), End: mustDate(t, "2024-03-08")}, w)
}

func TestBusiestWindowTieBreaks(t *testing.T) {
	t.Parallel()

	loc, err := workout.LoadZone("America/Sao_Paulo")
	require.NoError(t, err)
	activities := []strava.Activity{
		activityAt("a", "2024-03-01T12:00:00Z", 20),
		activityAt("a", "2024-03-05T12:00:00Z", 45),
		activityAt("a", "2024-03-05T18:00:00Z", 90), // same day, counted once
		activityAt("a", "2024-03-09T12:00:00Z", 50),
		activityAt("a", "2024-03-10T12:00:00Z", 50),
	}

	// Windows of 2 days: 9-10 March has two check-in days, 4-5 and 5-6
	// March one each, so the busier one wins.
	w, err := busiestWindow(activities, 2, loc)
	require.NoError(t, err)
	require.Equal(t, mustDate(t, "2024-03-09"), w.Start)

	// With one day per window, the first day with a check-in wins.
	w, err = busiestWindow(activities, 1, loc)
	require.NoError(t, err)
	require.Equal(t, mustDate(t, "2024-03-05"), w.Start)
}

func TestBusiestWindowNoActivities(t *testing.T) {
	t.Parallel()

	_, err := busiestWindow(nil, 21, time.UTC)
	require.ErrorContains(t, err, "no activities")
}

func TestWindowContains(t *testing.T) {
	t.Parallel()

	w := newWindow(mustDate(t, "2024-02-27"), 4)
	require.Equal(t, mustDate(t, "2024-03-01"), w.End)
	require.True(t, w.contains(mustDate(t, "2024-02-27")))
	require.True(t, w.contains(mustDate(t, "2024-02-29")))
	require.True(t, w.contains(mustDate(t, "2024-03-01")))
	require.False(t, w.contains(mustDate(t, "2024-02-26")))
	require.False(t, w.contains(mustDate(t, "2024-03-02")))
}
