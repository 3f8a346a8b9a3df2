package main

import (
	"net/http"
	"time"

	"github.com/rayclub/workoutflow/tracking"
)

// defaultStatsWindow is the window of GET /v1/stats without ?window=.
const defaultStatsWindow = time.Hour

// statsResponse is the body of GET /v1/stats.
type statsResponse struct {
	Window string      `json:"window"`
	Now    time.Time   `json:"now"`
	Stages []stageView `json:"stages"`
}

// stageView is tracking.StageStats with durations in milliseconds.
type stageView struct {
	Stage              string  `json:"stage"`
	Attempts           int     `json:"attempts"`
	Succeeded          int     `json:"succeeded"`
	Skipped            int     `json:"skipped"`
	Failed             int     `json:"failed"`
	DeadAttempts       int     `json:"dead_attempts"`
	FailureRate        float64 `json:"failure_rate"`
	MeanMS             float64 `json:"mean_ms"`
	P50MS              float64 `json:"p50_ms"`
	P95MS              float64 `json:"p95_ms"`
	P99MS              float64 `json:"p99_ms"`
	Pending            int     `json:"pending"`
	Running            int     `json:"running"`
	Dead               int     `json:"dead"`
	OldestPendingAgeMS float64 `json:"oldest_pending_age_ms"`
}

// stats handles GET /v1/stats?window=1h: per stage, the attempt figures
// over the window and the current job counts of the queue. On PostgreSQL
// the figures cover every process that shares the database, and in memory
// only this process.
func (a *api) stats(w http.ResponseWriter, r *http.Request) {
	window := defaultStatsWindow
	if value := r.URL.Query().Get("window"); value != "" {
		parsed, err := time.ParseDuration(value)
		if err != nil || parsed <= 0 {
			writeError(w, r, a.Logger, badRequest("invalid window %q: expected a positive duration such as 15m or 1h", value))
			return
		}
		window = parsed
	}

	now := a.Clock.Now()
	stages, err := a.Stats.Stats(r.Context(), window, now)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	views := make([]stageView, len(stages))
	for i, s := range stages {
		views[i] = newStageView(s)
	}
	writeJSON(w, http.StatusOK, statsResponse{Window: window.String(), Now: now, Stages: views})
}

func newStageView(s tracking.StageStats) stageView {
	return stageView{
		Stage: s.Stage, Attempts: s.Attempts, Succeeded: s.Succeeded, Skipped: s.Skipped,
		Failed: s.Failed, DeadAttempts: s.DeadAttempts, FailureRate: s.FailureRate,
		MeanMS: milliseconds(s.Mean), P50MS: milliseconds(s.P50), P95MS: milliseconds(s.P95), P99MS: milliseconds(s.P99),
		Pending: s.Pending, Running: s.Running, Dead: s.Dead,
		OldestPendingAgeMS: milliseconds(s.OldestPendingAge),
	}
}

func milliseconds(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}
