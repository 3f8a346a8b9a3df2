package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// recoveryLookback is how far back each maintenance round looks for
// workouts to recover. It must stay shorter than the retention age, or the
// sweep would queue again the workouts whose queue rows retention deleted.
const recoveryLookback = 24 * time.Hour

// maintenanceConfig configures the periodic recovery and retention.
type maintenanceConfig struct {
	// Interval is the time between two rounds; 0 disables maintenance.
	Interval time.Duration
	// Retention is how long finished processing rows are kept.
	Retention workout.RetentionPolicy
}

// addMaintenanceFlags defines the maintenance flags on flags.
func addMaintenanceFlags(flags *flag.FlagSet, cfg *maintenanceConfig) {
	flags.DurationVar(&cfg.Interval, "maintenance-interval", workout.DefaultMaintenanceInterval,
		"time between two rounds of recovery and retention, run by one elected server; 0 disables them")
	flags.DurationVar(&cfg.Retention.Age, "retention-age", workout.DefaultRetentionAge,
		"age after which queue rows processed earlier with their done jobs, done jobs whose workout was deleted, PostgreSQL processing log events other than failed and dead ones, and legacy check-in reply markers are deleted")
	flags.DurationVar(&cfg.Retention.FailureAge, "failure-retention-age", workout.DefaultFailureRetentionAge,
		"age after which failed and dead events of the PostgreSQL processing log (by creation time) and dead jobs whose workout was deleted (by last change) are deleted; must not be shorter than -retention-age")
}

// maintenanceStore is the part of a store the maintenance tasks use. Both
// storage adapters implement it.
type maintenanceStore interface {
	recovery.Store
	workout.Retainer
	workout.LeaderElector
}

// newMaintenance returns a runner of recovery and retention on store, led
// by one of the processes sharing it, or nil when cfg disables
// maintenance. Recovery actions are tracked with tracker.
func newMaintenance(cfg maintenanceConfig, store maintenanceStore, pipeline *workout.Pipeline,
	tracker tracking.Tracker, clock workout.Clock, logger *slog.Logger) (*workout.Maintenance, error) {
	if cfg.Interval < 0 {
		return nil, fmt.Errorf("invalid -maintenance-interval %s: must not be negative", cfg.Interval)
	}
	if cfg.Interval == 0 {
		logger.Info("server: maintenance disabled")
		return nil, nil
	}
	retention, err := cfg.Retention.WithDefaults()
	if err != nil {
		return nil, fmt.Errorf("invalid -retention-age or -failure-retention-age: %w", err)
	}
	if retention.Age <= recoveryLookback {
		return nil, fmt.Errorf("invalid -retention-age %s: must be longer than the recovery lookback %s", retention.Age, recoveryLookback)
	}

	recoverer, err := recovery.NewRecoverer(recovery.Config{
		Store: store, Pipeline: pipeline, Clock: clock, Logger: logger, Tracker: tracker,
	})
	if err != nil {
		return nil, err
	}
	return workout.NewMaintenance(workout.MaintenanceConfig{
		Tasks: []workout.MaintenanceTask{
			recoverer.Task(recovery.Options{}, recoveryLookback),
			workout.RetentionTask(store, retention, clock, logger),
		},
		Interval: cfg.Interval,
		Elector:  store,
		Clock:    clock,
		Logger:   logger,
	})
}

// startMaintenance starts the maintenance runner of cfg on the opened
// store and returns the function that stops it, which does nothing when
// cfg disables maintenance.
func startMaintenance(ctx context.Context, cfg maintenanceConfig, opened *openedStore, pipeline *workout.Pipeline,
	clock workout.Clock, logger *slog.Logger) (stop func(), err error) {
	store, ok := opened.store.(maintenanceStore)
	if !ok {
		return nil, fmt.Errorf("start maintenance: store %T lacks recovery, retention or leader election", opened.store)
	}
	runner, err := newMaintenance(cfg, store, pipeline, opened.tracker, clock, logger)
	if err != nil || runner == nil {
		return func() {}, err
	}
	if err := runner.Start(ctx); err != nil {
		return nil, fmt.Errorf("start maintenance: %w", err)
	}

	return func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), defaultShutdownTimeout)
		defer cancel()
		if err := runner.Stop(stopCtx); err != nil {
			logger.Error("server: stop maintenance failed", "error", err)
		}
	}, nil
}
