package main

import (
	"net/http"
	"time"

	"github.com/rayclub/workoutflow/tracking"
)

// defaultStatsWindow is the window of GET /v1/stats without ?window=.
const defaultStatsWindow = time.Hour

// statsResponse is the body of GET /v1/stats. workoutctl stats prints the
// same document, with every stage time in milliseconds as tracking.StageStats
// encodes it.
type statsResponse struct {
	Window string                `json:"window"`
	Now    time.Time             `json:"now"`
	Stages []tracking.StageStats `json:"stages"`
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
	if stages == nil {
		stages = []tracking.StageStats{}
	}
	writeJSON(w, http.StatusOK, statsResponse{Window: window.String(), Now: now, Stages: stages})
}
