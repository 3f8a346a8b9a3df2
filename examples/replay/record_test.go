package main

import (
	"testing"
	"time"

	"github.com/rayclub/workoutflow/internal/strava"
	"github.com/stretchr/testify/require"
)

func TestClampMinutes(t *testing.T) {
	t.Parallel()

	tests := []struct {
		in, out int
		changed bool
	}{
		{0, 1, true},
		{1, 1, false},
		{45, 45, false},
		{1440, 1440, false},
		{1441, 1440, true},
		{12967, 1440, true},
	}
	for _, tt := range tests {
		out, changed := clampMinutes(tt.in)
		require.Equal(t, tt.out, out, "minutes %d", tt.in)
		require.Equal(t, tt.changed, changed, "minutes %d", tt.in)
	}
}

func TestDistanceNote(t *testing.T) {
	t.Parallel()

	require.Equal(t, "", distanceNote(0))
	require.Equal(t, "5.68 km", distanceNote(5.68))
}

func TestAthleteNamesSortedUnique(t *testing.T) {
	t.Parallel()

	activities := []strava.Activity{
		{Athlete: "athlete-05", StartedAt: time.Now()},
		{Athlete: "athlete-01"},
		{Athlete: "athlete-05"},
	}
	require.Equal(t, []string{"athlete-01", "athlete-05"}, athleteNames(activities))
}

func TestUserIDStable(t *testing.T) {
	t.Parallel()

	require.Equal(t, userID("athlete-05"), userID("athlete-05"))
	require.NotEqual(t, userID("athlete-05"), userID("athlete-01"))
	require.Equal(t, "f62ee4e3-03d3-5897-997b-4ab7bf705d84", uuidFor("challenge/2024-07-29").String())
}
