package main

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestStatsMergesQueueAndAttempts(t *testing.T) {
	t.Parallel()
	s := setup(t)

	s.record(uuid.New(), uuid.Nil, "2024-06-10T12:00:00Z", 30)
	s.record(uuid.New(), uuid.Nil, "2024-06-10T12:00:00Z", 40)

	var stats statsResponse
	s.call(http.MethodGet, "/v1/stats", nil, http.StatusOK, &stats)
	require.Equal(t, "1h0m0s", stats.Window)
	require.Len(t, stats.Stages, 2)
	require.Equal(t, "dashboard", stats.Stages[0].Stage)
	require.Equal(t, "ranking", stats.Stages[1].Stage)
	for _, stage := range stats.Stages {
		require.Equal(t, 2, stage.Pending, stage.Stage)
		require.Equal(t, 0, stage.Attempts, stage.Stage)
	}

	s.runStages()
	s.call(http.MethodGet, "/v1/stats?window=15m", nil, http.StatusOK, &stats)
	require.Equal(t, "15m0s", stats.Window)
	require.Len(t, stats.Stages, 2)
	for _, stage := range stats.Stages {
		require.Equal(t, 0, stage.Pending, stage.Stage)
		require.Equal(t, 2, stage.Attempts, stage.Stage)
		require.Equal(t, 2, stage.Succeeded+stage.Skipped, stage.Stage)
		require.Zero(t, stage.FailureRate, stage.Stage)
	}
}

func TestStatsInvalidWindow(t *testing.T) {
	t.Parallel()
	s := setup(t)

	for _, window := range []string{"soon", "-1h", "0s"} {
		rec := s.do(http.MethodGet, "/v1/stats?window="+window, nil)
		require.Equal(t, http.StatusBadRequest, rec.Code, window)
		require.Contains(t, errorResponse(t, rec).Error, "invalid window")
	}
}
