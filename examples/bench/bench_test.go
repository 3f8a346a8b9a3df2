package main

import (
	"bytes"
	"log/slog"
	"testing"
	"time"

	"github.com/rayclub/workoutflow/internal/pgtest"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestScenariosRunAtTinySize runs every scenario on a small population
// against a test database. It checks that each scenario produced results,
// never how fast.
func TestScenariosRunAtTinySize(t *testing.T) {
	o, err := parseOptions([]string{
		"-database-url", pgtest.NewDatabase(t), "-strava", "../../testdata/strava",
		"-users", "60", "-hot-members", "40", "-challenges", "3", "-clients", "4", "-workers", "2",
		"-record-duration", "300ms", "-backlog", "200", "-import-batch", "50", "-claim-batch", "10",
		"-drain-limit", "3s", "-sustained", "500ms", "-settle", "5s", "-quiet",
	})
	require.NoError(t, err)

	rep, err := run(t.Context(), o, slog.New(slog.DiscardHandler))
	require.NoError(t, err)

	for _, prefix := range []string{"a.", "b.", "c.", "d.", "e.", "f."} {
		r, ok := rep.find(prefix, 0)
		require.True(t, ok, "scenario %s missing", prefix)
		require.Positive(t, r.Ops, "scenario %s did nothing", r.Scenario)
	}
	sustained, _ := rep.find("e.", 0)
	require.NotNil(t, sustained.Lag)

	var out bytes.Buffer
	rep.write(&out)
	require.Contains(t, out.String(), "## Targets")
}

func TestSummarizeNearestRank(t *testing.T) {
	t.Parallel()
	var samples []time.Duration
	for i := 1; i <= 100; i++ {
		samples = append(samples, time.Duration(i)*time.Millisecond)
	}
	s := summarize(samples)
	require.Equal(t, 50*time.Millisecond, s.P50)
	require.Equal(t, 99*time.Millisecond, s.P99)
	require.Equal(t, 100*time.Millisecond, s.Max)
	require.Equal(t, summary{}, summarize(nil))
}

func TestParseOptionsRejectsBadSizes(t *testing.T) {
	t.Parallel()
	_, err := parseOptions([]string{"-users", "10", "-hot-members", "20"})
	require.Error(t, err)

	var stderr bytes.Buffer
	require.Equal(t, 2, optionsExitCode(err, &stderr))
	require.Contains(t, stderr.String(), "invalid sizes")
}

func TestOptionsExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantCode int
	}{
		{name: "short help", args: []string{"-h"}, wantCode: 0},
		{name: "long help", args: []string{"-help"}, wantCode: 0},
		{name: "unknown flag", args: []string{"-nope"}, wantCode: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseOptions(tt.args)
			require.Error(t, err)

			var stderr bytes.Buffer
			require.Equal(t, tt.wantCode, optionsExitCode(err, &stderr))
			require.Empty(t, stderr.String(), "the flag package prints its own errors")
		})
	}
}
