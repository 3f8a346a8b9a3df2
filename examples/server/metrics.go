package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// metricsNamespace prefixes every metric of the server.
const metricsNamespace = "workoutflow"

// attemptBuckets are the upper bounds, in seconds, of the stage attempt
// duration histogram: from 1 ms to about 16 s, doubling.
var attemptBuckets = prometheus.ExponentialBuckets(0.001, 2, 15)

// metricsTracker is a tracking.Tracker that counts every event in
// Prometheus metrics and then hands it to the next tracker, so that the
// metrics and the processing log see the same events.
//
// The per-stage failure rate and processing times come from the attempt
// histogram in PromQL, for example over 5 minutes:
//
//	sum by (stage) (rate(workoutflow_stage_attempt_duration_seconds_count{status=~"failed|dead"}[5m]))
//	  / sum by (stage) (rate(workoutflow_stage_attempt_duration_seconds_count[5m]))
//	histogram_quantile(0.95, sum by (stage, le) (rate(workoutflow_stage_attempt_duration_seconds_bucket[5m])))
//	sum by (stage) (rate(workoutflow_stage_attempt_duration_seconds_sum[5m]))
//	  / sum by (stage) (rate(workoutflow_stage_attempt_duration_seconds_count[5m]))
type metricsTracker struct {
	next     tracking.Tracker
	attempts *prometheus.HistogramVec
	writes   *prometheus.CounterVec
}

// newMetricsTracker registers the event metrics on registry and returns a
// tracker that feeds them before it calls next.
func newMetricsTracker(registry prometheus.Registerer, next tracking.Tracker) (*metricsTracker, error) {
	t := &metricsTracker{
		next: next,
		attempts: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: metricsNamespace,
			Name:      "stage_attempt_duration_seconds",
			Help:      "Duration of finished stage attempts in seconds, by stage and outcome (succeeded, skipped, failed, dead).",
			Buckets:   attemptBuckets,
		}, []string{"stage", "status"}),
		writes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: metricsNamespace,
			Name:      "workout_writes_total",
			Help:      "Calls that record, update or delete a workout, by action and outcome: succeeded, replayed (an idempotent repeat that stored nothing), rejected (invalid input) or failed.",
		}, []string{"action", "status"}),
	}
	for _, c := range []prometheus.Collector{t.attempts, t.writes} {
		if err := registry.Register(c); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// Track counts the event and passes it on.
func (t *metricsTracker) Track(ctx context.Context, e tracking.Event) {
	switch {
	case isWriteAction(e.Action):
		if e.Status != tracking.StatusStarted {
			t.writes.WithLabelValues(e.Action, e.Status).Inc()
		}
	case isAttemptEnd(e):
		t.attempts.WithLabelValues(e.Action, e.Status).Observe(e.Duration.Seconds())
	}
	t.next.Track(ctx, e)
}

func isWriteAction(action string) bool {
	return action == tracking.ActionRecord || action == tracking.ActionUpdate || action == tracking.ActionDelete
}

// isAttemptEnd reports whether e ends a stage attempt. Recovery and retry
// events are actions of an operator, not attempts.
func isAttemptEnd(e tracking.Event) bool {
	if e.Action == tracking.ActionRecovery || e.Action == tracking.ActionRetry {
		return false
	}
	switch e.Status {
	case tracking.StatusSucceeded, tracking.StatusSkipped, tracking.StatusFailed, tracking.StatusDead:
		return true
	}
	return false
}

// queueCollector reads the queue's job counts at every scrape.
type queueCollector struct {
	queue   workout.QueueStore
	clock   workout.Clock
	timeout time.Duration

	pending, running, dead, oldest *prometheus.Desc
	scrapeErrors                   prometheus.Counter
}

// queueScrapeTimeout bounds the query of one scrape.
const queueScrapeTimeout = 5 * time.Second

func newQueueCollector(queue workout.QueueStore, clock workout.Clock) *queueCollector {
	stage := []string{"stage"}
	name := func(metric string) string { return prometheus.BuildFQName(metricsNamespace, "stage", metric) }
	return &queueCollector{
		queue: queue, clock: clock, timeout: queueScrapeTimeout,
		pending: prometheus.NewDesc(name("jobs_pending"), "Jobs of the stage waiting to run.", stage, nil),
		running: prometheus.NewDesc(name("jobs_running"), "Jobs of the stage leased to a worker.", stage, nil),
		dead:    prometheus.NewDesc(name("jobs_dead"), "Jobs of the stage that failed their last attempt and wait for an operator.", stage, nil),
		oldest: prometheus.NewDesc(name("oldest_pending_age_seconds"),
			"Age in seconds of the oldest pending or running job of the stage, 0 when there is none.", stage, nil),
		scrapeErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: metricsNamespace, Name: "queue_scrape_errors_total",
			Help: "Scrapes whose read of the queue counts failed.",
		}),
	}
}

// Describe sends the descriptions of the queue metrics.
func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.pending
	ch <- c.running
	ch <- c.dead
	ch <- c.oldest
	c.scrapeErrors.Describe(ch)
}

// Collect reads the queue counts and sends them. A failed read sends only
// the error counter, so that the scrape still succeeds.
func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()

	stats, err := c.queue.QueueStats(ctx)
	if err != nil {
		c.scrapeErrors.Inc()
		c.scrapeErrors.Collect(ch)
		return
	}
	now := c.clock.Now()
	for _, s := range stats {
		age := 0.0
		if !s.OldestPending.IsZero() {
			age = max(0, now.Sub(s.OldestPending).Seconds())
		}
		ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(s.Pending), s.Stage)
		ch <- prometheus.MustNewConstMetric(c.running, prometheus.GaugeValue, float64(s.Running), s.Stage)
		ch <- prometheus.MustNewConstMetric(c.dead, prometheus.GaugeValue, float64(s.Dead), s.Stage)
		ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, age, s.Stage)
	}
	c.scrapeErrors.Collect(ch)
}

// logWriteCounts is implemented by a tracker that writes the processing
// log in the background, such as *pgstore.Tracker.
type logWriteCounts interface {
	Failed() int64
	Dropped() int64
}

// registerLogWriteCounts exports the tracker's counts of events it could
// not write to the processing log.
func registerLogWriteCounts(registry prometheus.Registerer, counts logWriteCounts) error {
	failed := prometheus.NewCounterFunc(prometheus.CounterOpts{
		Namespace: metricsNamespace, Name: "tracking_events_failed_total",
		Help: "Processing log events whose write to the database failed.",
	}, func() float64 { return float64(counts.Failed()) })
	dropped := prometheus.NewCounterFunc(prometheus.CounterOpts{
		Namespace: metricsNamespace, Name: "tracking_events_dropped_total",
		Help: "Processing log events dropped because the write buffer was full or the tracker had stopped.",
	}, func() float64 { return float64(counts.Dropped()) })
	for _, c := range []prometheus.Collector{failed, dropped} {
		if err := registry.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// metrics is the server's Prometheus registry with the tracker that feeds
// it.
type metrics struct {
	registry *prometheus.Registry
	tracker  *metricsTracker
}

// newMetrics registers every metric of the server: the event metrics fed
// by the returned tracker, which wraps next, the queue gauges read from
// queue, the log write failures when next counts them, and the Go runtime
// and process metrics.
func newMetrics(next tracking.Tracker, queue workout.QueueStore, clock workout.Clock) (*metrics, error) {
	registry := prometheus.NewRegistry()
	tracker, err := newMetricsTracker(registry, next)
	if err != nil {
		return nil, err
	}
	collectorsToRegister := []prometheus.Collector{
		newQueueCollector(queue, clock),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	}
	for _, c := range collectorsToRegister {
		if err := registry.Register(c); err != nil {
			return nil, err
		}
	}
	if counts, ok := next.(logWriteCounts); ok {
		if err := registerLogWriteCounts(registry, counts); err != nil {
			return nil, err
		}
	}
	return &metrics{registry: registry, tracker: tracker}, nil
}

// handler serves the metrics in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// instrument wraps the opened store's tracker with the metrics tracker, so
// that everything later built on opened feeds the metrics, and returns the
// metrics.
func instrument(opened *openedStore, clock workout.Clock) (*metrics, error) {
	m, err := newMetrics(opened.tracker, opened.store, clock)
	if err != nil {
		return nil, fmt.Errorf("register metrics: %w", err)
	}
	opened.tracker = m.tracker
	return m, nil
}
