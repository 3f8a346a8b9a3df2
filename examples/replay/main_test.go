package main

import (
	"io"
	"testing"

	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestParseFlagsDefaults(t *testing.T) {
	t.Parallel()

	cfg, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	require.Equal(t, "testdata/strava", cfg.DataDir)
	require.Empty(t, cfg.Athletes)
	require.True(t, cfg.Start.IsZero())
	require.Equal(t, 21, cfg.Days)
	require.Equal(t, 0, cfg.MarginDays)
	require.Equal(t, workout.DefaultWorkers, cfg.Workers)
}

func TestParseFlagsValues(t *testing.T) {
	t.Parallel()

	cfg, err := parseFlags([]string{
		"-data", "/tmp/x", "-athletes", "athlete-01, athlete-05", "-start", "2024-07-29",
		"-days", "7", "-margin-days", "30", "-workers", "3",
	}, io.Discard)
	require.NoError(t, err)
	require.Equal(t, "/tmp/x", cfg.DataDir)
	require.Equal(t, []string{"athlete-01", "athlete-05"}, cfg.Athletes)
	require.Equal(t, "2024-07-29", cfg.Start.String())
	require.Equal(t, 7, cfg.Days)
	require.Equal(t, 30, cfg.MarginDays)
	require.Equal(t, 3, cfg.Workers)
}

func TestParseFlagsInvalid(t *testing.T) {
	t.Parallel()

	for _, args := range [][]string{
		{"-start", "29/07/2024"},
		{"-days", "0"},
		{"-workers", "0"},
		{"-margin-days", "-1"},
		{"-log-level", "loud"},
	} {
		_, err := parseFlags(args, io.Discard)
		require.Error(t, err, "%v", args)
	}
}
