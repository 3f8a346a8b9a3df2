package workout

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-multierror"
)

// Defaults of MaintenanceConfig.
const (
	DefaultMaintenanceInterval = time.Minute
	DefaultMaintenanceLease    = "workoutflow:maintenance"
)

// LeaderElector is implemented by stores that can elect one leader among
// the processes sharing them, such as the PostgreSQL adapter with a lease
// row. A Maintenance runner with an elector runs its tasks only while it
// holds the lease.
type LeaderElector interface {
	// TryLead takes or renews the lease called name for owner. It succeeds
	// and makes the lease end at now plus ttl when no lease of that name
	// exists, when owner holds it, or when the holder's lease ended at or
	// before now. Otherwise it returns false and changes nothing.
	TryLead(ctx context.Context, name, owner string, now time.Time, ttl time.Duration) (bool, error)
}

// MaintenanceTask is one periodic task of a Maintenance runner, such as a
// recovery sweep.
type MaintenanceTask struct {
	// Name identifies the task in logs.
	Name string
	// Run does the work. Its context ends when the runner stops.
	Run func(ctx context.Context) error
}

// MaintenanceConfig configures a Maintenance runner. Zero fields take the
// documented defaults.
type MaintenanceConfig struct {
	// Tasks run one after another in every round. At least one is required.
	Tasks []MaintenanceTask
	// Interval is the time between the starts of two rounds; 0 means
	// DefaultMaintenanceInterval.
	Interval time.Duration
	// LeaseTTL is how long a round's leadership lasts without renewal; it
	// must be longer than Interval. 0 means three times Interval.
	LeaseTTL time.Duration
	// Elector elects the one process that runs the tasks. Nil means that
	// this runner always runs them, which suits a single process.
	Elector LeaderElector
	// LeaseName names the lease; runners that share a name share one
	// leader. Empty means DefaultMaintenanceLease.
	LeaseName string
	// Owner identifies this runner in the lease; empty means the host name,
	// the process id and a random suffix.
	Owner string
	// Clock gives the lease times; nil means SystemClock.
	Clock Clock
	// Logger receives starts, stops, changes of leadership and task errors;
	// nil means slog.Default().
	Logger *slog.Logger
}

// Maintenance runs periodic tasks, in only one of the processes sharing a
// store when an elector is configured. Create it with NewMaintenance.
type Maintenance struct {
	cfg     MaintenanceConfig
	logger  *slog.Logger
	leading atomic.Bool

	// mu guards the fields below it.
	mu      sync.Mutex
	cancel  context.CancelFunc
	done    chan struct{}
	stopped bool
}

// NewMaintenance validates cfg and returns a runner. It starts nothing.
func NewMaintenance(cfg MaintenanceConfig) (*Maintenance, error) {
	if len(cfg.Tasks) == 0 {
		return nil, errors.New("new maintenance: MaintenanceConfig.Tasks must list at least one task")
	}
	for i, task := range cfg.Tasks {
		if task.Run == nil {
			return nil, fmt.Errorf("new maintenance: MaintenanceConfig.Tasks[%d].Run is required (task %q)", i, task.Name)
		}
	}
	if cfg.Interval < 0 || cfg.LeaseTTL < 0 {
		return nil, errors.New("new maintenance: MaintenanceConfig.Interval and LeaseTTL must not be negative")
	}

	cfg.Interval = orDefault(cfg.Interval, DefaultMaintenanceInterval)
	cfg.LeaseTTL = orDefault(cfg.LeaseTTL, 3*cfg.Interval)
	if cfg.LeaseTTL <= cfg.Interval {
		return nil, fmt.Errorf("new maintenance: MaintenanceConfig.LeaseTTL %s must be longer than Interval %s", cfg.LeaseTTL, cfg.Interval)
	}
	if cfg.LeaseName == "" {
		cfg.LeaseName = DefaultMaintenanceLease
	}
	if cfg.Owner == "" {
		cfg.Owner = defaultWorkerID()
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}

	logger := cfg.Logger.With("component", "workoutflow/maintenance", "owner", cfg.Owner, "lease", cfg.LeaseName)
	return &Maintenance{cfg: cfg, logger: logger}, nil
}

// Start runs a round at once and then one every Interval until Stop.
// Calling Start on a running runner does nothing; after Stop it returns
// ErrStopped.
func (m *Maintenance) Start(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()

	switch {
	case m.stopped:
		return ErrStopped
	case m.cancel != nil:
		return nil
	}

	// The loop outlives the caller's ctx deadline but keeps its values.
	loopCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	m.cancel = cancel
	m.done = make(chan struct{})
	go m.loop(loopCtx, m.done)

	m.logger.Info("workoutflow: maintenance started", "interval", m.cfg.Interval, "tasks", len(m.cfg.Tasks))
	return nil
}

// Stop cancels the running round and waits for it until ctx ends. Stop is
// safe to call more than once and on a runner that never started.
//
// NOTE: Stop keeps the lease, so another runner takes over only once
// LeaseTTL has passed since the last renewal.
func (m *Maintenance) Stop(ctx context.Context) error {
	m.mu.Lock()
	m.stopped = true
	cancel, done := m.cancel, m.done
	m.mu.Unlock()

	if cancel == nil {
		return nil
	}
	cancel()

	select {
	case <-done:
		m.logger.Info("workoutflow: maintenance stopped")
		return nil
	case <-ctx.Done():
		return fmt.Errorf("stop maintenance: %w", ctx.Err())
	}
}

func (m *Maintenance) loop(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	ticker := time.NewTicker(m.cfg.Interval)
	defer ticker.Stop()

	for {
		if _, err := m.RunOnce(ctx); err != nil && ctx.Err() == nil {
			m.logger.Error("workoutflow: maintenance round failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// RunOnce runs one round in the caller's goroutine: it takes or renews the
// lease and, when this runner leads, runs every task, each even when an
// earlier one failed. It reports whether this runner led, and returns the
// lease error or the tasks' errors joined. A panicking task fails with its
// stack in the error.
//
// NOTE: a round that lasts longer than LeaseTTL can overlap a round of
// another runner that took the lease over in the meantime.
func (m *Maintenance) RunOnce(ctx context.Context) (bool, error) {
	led, err := m.lead(ctx)
	if err != nil || !led {
		return false, err
	}

	var errs *multierror.Error
	for _, task := range m.cfg.Tasks {
		if ctx.Err() != nil {
			break
		}
		if err := runTask(ctx, task); err != nil {
			errs = multierror.Append(errs, fmt.Errorf("maintenance task %q: %w", task.Name, err))
		}
	}
	return true, errs.ErrorOrNil()
}

// lead takes or renews the lease and logs every change of leadership.
func (m *Maintenance) lead(ctx context.Context) (bool, error) {
	if m.cfg.Elector == nil {
		return true, nil
	}

	led, err := m.cfg.Elector.TryLead(ctx, m.cfg.LeaseName, m.cfg.Owner, m.cfg.Clock.Now(), m.cfg.LeaseTTL)
	if err != nil {
		led = false
		err = fmt.Errorf("take maintenance lease %q: %w", m.cfg.LeaseName, err)
	}
	if was := m.leading.Swap(led); was != led {
		m.logger.Info("workoutflow: maintenance leadership changed", "leading", led)
	}
	return led, err
}

// runTask runs the task and turns a panic into an error.
func runTask(ctx context.Context, task MaintenanceTask) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v\n%s", v, debug.Stack())
		}
	}()
	return task.Run(ctx)
}
