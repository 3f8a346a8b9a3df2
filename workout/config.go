package workout

import (
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/tracking"
)

// Defaults of Config and StageConfig.
const (
	DefaultWorkers      = 2
	DefaultClaimBatch   = 10
	DefaultPollInterval = time.Second
	DefaultLease        = 10 * time.Second
	DefaultReplayWindow = 60 * time.Second
	DefaultMaxAttempts  = 5
	DefaultStageTimeout = time.Minute
)

// Config configures a Pipeline. Zero fields take the documented defaults.
type Config struct {
	// Store holds workouts and the processing queue. Required.
	Store Store
	// Stages lists the stages run after each record, in no particular
	// order: each runs on its own.
	Stages []StageConfig
	// Tracker receives every record and stage step; nil means
	// tracking.Discard.
	Tracker tracking.Tracker
	// Clock is the source of "now"; nil means SystemClock.
	Clock Clock
	// Logger receives starts, stops, retries and errors that cannot be
	// returned; nil means slog.Default().
	Logger *slog.Logger
	// Workers is the number of worker goroutines Start runs; 0 means
	// DefaultWorkers.
	Workers int
	// ClaimBatch is the maximum number of jobs a worker claims at once; 0
	// means DefaultClaimBatch.
	ClaimBatch int
	// PollInterval is how often an idle worker looks for due jobs when the
	// store sends no wake-up; 0 means DefaultPollInterval.
	PollInterval time.Duration
	// Lease is how long a claim holds before another worker may take the
	// job over; workers extend it every third of it while they run. 0 means
	// DefaultLease.
	Lease time.Duration
	// FutureTolerance is how far past now a workout date may be; 0 means
	// DefaultFutureTolerance.
	FutureTolerance time.Duration
	// ReplayWindow is the window of the rule that treats an identical
	// workout without idempotency key as a replay; 0 means
	// DefaultReplayWindow and a negative value turns the rule off.
	ReplayWindow time.Duration
	// WorkerID names this process's workers in leases and logs; empty
	// means the host name, the process id and a random suffix.
	WorkerID string
}

// StageConfig registers one stage with a Pipeline.
type StageConfig struct {
	// Name identifies the stage in the queue, the log and the metrics.
	// StageRanking and StageDashboard drive the queue row's flags.
	Name string
	// Stage does the work. Required.
	Stage Stage
	// MaxAttempts is the number of failed attempts after which a job is
	// marked dead; 0 means DefaultMaxAttempts.
	MaxAttempts int
	// Retry computes the wait between attempts.
	Retry RetryPolicy
	// Timeout bounds one attempt; 0 means DefaultStageTimeout.
	Timeout time.Duration
}

// withDefaults validates cfg and returns a copy with defaults filled in.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Store == nil {
		return cfg, fmt.Errorf("workout: Config.Store is required")
	}

	seen := map[string]bool{}
	stages := make([]StageConfig, len(cfg.Stages))
	for i, sc := range cfg.Stages {
		switch {
		case sc.Name == "":
			return cfg, fmt.Errorf("workout: Config.Stages[%d].Name is required", i)
		case sc.Stage == nil:
			return cfg, fmt.Errorf("workout: Config.Stages[%d].Stage is required (stage %q)", i, sc.Name)
		case seen[sc.Name]:
			return cfg, fmt.Errorf("workout: Config.Stages[%d].Name %q is used twice", i, sc.Name)
		case sc.MaxAttempts < 0 || sc.Timeout < 0:
			return cfg, fmt.Errorf("workout: Config.Stages[%d] (stage %q) has a negative MaxAttempts or Timeout", i, sc.Name)
		}
		seen[sc.Name] = true
		stages[i] = sc.withDefaults()
	}
	cfg.Stages = stages

	if cfg.Workers < 0 || cfg.ClaimBatch < 0 || cfg.PollInterval < 0 || cfg.Lease < 0 || cfg.FutureTolerance < 0 {
		return cfg, fmt.Errorf("workout: Config.Workers, ClaimBatch, PollInterval, Lease and FutureTolerance must not be negative")
	}
	cfg.Workers = orDefault(cfg.Workers, DefaultWorkers)
	cfg.ClaimBatch = orDefault(cfg.ClaimBatch, DefaultClaimBatch)
	cfg.PollInterval = orDefault(cfg.PollInterval, DefaultPollInterval)
	cfg.Lease = orDefault(cfg.Lease, DefaultLease)
	cfg.FutureTolerance = orDefault(cfg.FutureTolerance, DefaultFutureTolerance)
	cfg.ReplayWindow = orDefault(cfg.ReplayWindow, DefaultReplayWindow)

	if cfg.Tracker == nil {
		cfg.Tracker = tracking.Discard
	}
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.WorkerID == "" {
		cfg.WorkerID = defaultWorkerID()
	}
	return cfg, nil
}

func (sc StageConfig) withDefaults() StageConfig {
	sc.MaxAttempts = orDefault(sc.MaxAttempts, DefaultMaxAttempts)
	sc.Timeout = orDefault(sc.Timeout, DefaultStageTimeout)
	return sc
}

func orDefault[T int | time.Duration](value, fallback T) T {
	if value == 0 {
		return fallback
	}
	return value
}

func defaultWorkerID() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown-host"
	}
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), uuid.NewString()[:8])
}
