package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// setupOperations returns a server like setup whose handler also serves
// /metrics and the explain endpoint, as run registers them.
func setupOperations(t *testing.T) *testServer {
	t.Helper()

	store := memstore.New()
	opened := openMemory(store)
	clock := workout.ClockFunc(func() time.Time { return testNow })
	m, err := instrument(opened, clock)
	require.NoError(t, err)

	s := setupWith(t, opened)
	s.store = store
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	mux := newMux(s.app.deps)
	mux.Handle("GET /metrics", m.handler())
	mux.Handle("GET /v1/workouts/{id}/explain", newExplainHandler(opened, clock, logger))
	s.handler = newHandler(mux, logger)
	return s
}

// scrape returns the metrics text of GET /metrics.
func (s *testServer) scrape() string {
	s.t.Helper()
	rec := s.do(http.MethodGet, "/metrics", nil)
	require.Equal(s.t, http.StatusOK, rec.Code)
	require.Contains(s.t, rec.Header().Get("Content-Type"), "text/plain")
	return rec.Body.String()
}

// metricValue returns the value of the sample with the name and labels,
// written as in the text format: `stage="ranking",status="succeeded"`.
func metricValue(t *testing.T, text, name, labels string) float64 {
	t.Helper()
	prefix := name + " "
	if labels != "" {
		prefix = name + "{" + labels + "} "
	}
	for line := range strings.Lines(text) {
		if value, ok := strings.CutPrefix(strings.TrimSpace(line), prefix); ok {
			parsed, err := strconv.ParseFloat(value, 64)
			require.NoError(t, err, line)
			return parsed
		}
	}
	t.Fatalf("metric %s not found in:\n%s", prefix, text)
	return 0
}

func TestMetricsAfterRecording(t *testing.T) {
	t.Parallel()
	s := setupOperations(t)
	userID := uuid.New()

	body := workoutBody(userID, uuid.Nil, "2024-06-20T10:00:00Z", 50)
	s.call(http.MethodPost, "/v1/workouts", body, http.StatusCreated, nil)
	s.call(http.MethodPost, "/v1/workouts", body, http.StatusOK, nil)
	s.call(http.MethodPost, "/v1/workouts", workoutBody(userID, uuid.Nil, "2024-06-20T11:00:00Z", 30), http.StatusCreated, nil)
	s.call(http.MethodPost, "/v1/workouts", workoutBody(userID, uuid.Nil, "2024-06-20T12:00:00Z", 0), http.StatusUnprocessableEntity, nil)

	before := s.scrape()
	require.Equal(t, 2.0, metricValue(t, before, "workoutflow_stage_jobs_pending", `stage="ranking"`))
	require.Equal(t, 2.0, metricValue(t, before, "workoutflow_stage_jobs_pending", `stage="dashboard"`))
	require.Equal(t, 0.0, metricValue(t, before, "workoutflow_stage_jobs_running", `stage="ranking"`))
	require.Equal(t, 0.0, metricValue(t, before, "workoutflow_stage_jobs_dead", `stage="ranking"`))
	// The workouts were queued at testNow, which the clock still reads.
	require.Equal(t, 0.0, metricValue(t, before, "workoutflow_stage_oldest_pending_age_seconds", `stage="ranking"`))

	require.Equal(t, 4, s.runStages())
	text := s.scrape()

	require.Equal(t, 2.0, metricValue(t, text, "workoutflow_workout_writes_total", `action="record",status="succeeded"`))
	require.Equal(t, 1.0, metricValue(t, text, "workoutflow_workout_writes_total", `action="record",status="replayed"`))
	require.Equal(t, 1.0, metricValue(t, text, "workoutflow_workout_writes_total", `action="record",status="rejected"`))
	for _, stage := range []string{"ranking", "dashboard"} {
		labels := `stage="` + stage + `",status="succeeded"`
		require.Equal(t, 2.0, metricValue(t, text, "workoutflow_stage_attempt_duration_seconds_count", labels), stage)
		require.Equal(t, 2.0, metricValue(t, text, "workoutflow_stage_attempt_duration_seconds_bucket", labels+`,le="+Inf"`), stage)
		require.Equal(t, 0.0, metricValue(t, text, "workoutflow_stage_jobs_pending", `stage="`+stage+`"`), stage)
	}
	require.Contains(t, text, "go_goroutines")
	require.NotContains(t, text, "workoutflow_tracking_events_failed_total", "the in-memory tracker never fails a write")
}

// failingQueue is a QueueStore whose QueueStats fails.
type failingQueue struct{ workout.QueueStore }

func (failingQueue) QueueStats(context.Context) ([]workout.QueueStats, error) {
	return nil, context.DeadlineExceeded
}

func TestQueueCollectorCountsFailedReads(t *testing.T) {
	t.Parallel()
	registry := prometheus.NewRegistry()
	require.NoError(t, registry.Register(newQueueCollector(failingQueue{}, workout.SystemClock{})))

	families, err := registry.Gather()
	require.NoError(t, err)
	require.Len(t, families, 1)
	require.Equal(t, "workoutflow_queue_scrape_errors_total", families[0].GetName())
	require.Equal(t, 1.0, families[0].GetMetric()[0].GetCounter().GetValue())
}

// countingLog is a tracker with the write failure counts of a background
// log writer.
type countingLog struct {
	tracking.Tracker
	failed, dropped int64
}

func (c countingLog) Failed() int64  { return c.failed }
func (c countingLog) Dropped() int64 { return c.dropped }

func TestMetricsExportLogWriteFailures(t *testing.T) {
	t.Parallel()
	m, err := newMetrics(countingLog{Tracker: tracking.Discard, failed: 3, dropped: 5}, memstore.New(), workout.SystemClock{})
	require.NoError(t, err)

	families, err := m.registry.Gather()
	require.NoError(t, err)
	values := map[string]float64{}
	for _, family := range families {
		if strings.HasPrefix(family.GetName(), "workoutflow_tracking_") {
			values[family.GetName()] = family.GetMetric()[0].GetCounter().GetValue()
		}
	}
	require.Equal(t, map[string]float64{
		"workoutflow_tracking_events_failed_total":  3,
		"workoutflow_tracking_events_dropped_total": 5,
	}, values)
}

func TestMetricsTrackerPassesEventsOn(t *testing.T) {
	t.Parallel()
	next := tracking.NewMemory(0)
	tracker, err := newMetricsTracker(prometheus.NewRegistry(), next)
	require.NoError(t, err)

	tracker.Track(t.Context(), tracking.Event{Action: tracking.ActionRecovery, Status: tracking.StatusSucceeded})
	tracker.Track(t.Context(), tracking.Event{Action: "ranking", Status: tracking.StatusStarted})
	require.Len(t, next.Events(), 2)
}
