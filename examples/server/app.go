package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/hashicorp/go-multierror"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// backend is the storage the server needs: one adapter implements all of
// it.
type backend interface {
	workout.Store
	ranking.Store
	dashboard.Store
}

// app is the pipeline with its stages and the handlers' dependencies.
type app struct {
	pipeline     *workout.Pipeline
	rankingStage *ranking.Stage
	opened       *openedStore
	deps         deps
}

// newApp builds the ranking and dashboard stages, the pipeline and the
// services on the opened store. It starts nothing.
func newApp(opened *openedStore, workers int, clock workout.Clock, logger *slog.Logger) (*app, error) {
	store := opened.store
	rankingStage, err := ranking.NewStage(ranking.StageConfig{Store: store, Clock: clock, Logger: logger})
	if err != nil {
		return nil, err
	}
	dashboardStage, err := dashboard.NewStage(dashboard.StageConfig{Store: store, Clock: clock, Logger: logger})
	if err != nil {
		return nil, err
	}

	pipeline, err := workout.New(workout.Config{
		Store: store,
		Stages: []workout.StageConfig{
			{Name: workout.StageRanking, Stage: rankingStage},
			{Name: workout.StageDashboard, Stage: dashboardStage},
		},
		Tracker: opened.tracker,
		Clock:   clock,
		Logger:  logger,
		Workers: workers,
	})
	if err != nil {
		return nil, err
	}

	challenges, err := ranking.NewService(ranking.ServiceConfig{Store: store, Clock: clock, Logger: logger, Stage: rankingStage})
	if err != nil {
		return nil, err
	}
	dashboards, err := dashboard.NewService(dashboard.ServiceConfig{Store: store, Clock: clock, Logger: logger})
	if err != nil {
		return nil, err
	}

	return &app{
		pipeline:     pipeline,
		rankingStage: rankingStage,
		opened:       opened,
		deps: deps{
			Pipeline: pipeline, Challenges: challenges, Store: store, Dashboards: dashboards,
			DashboardStage: dashboardStage, Stats: opened.stats, Clock: clock, Logger: logger,
		},
	}, nil
}

// start starts the tracker's writer, then the workers.
func (a *app) start(ctx context.Context) error {
	if err := a.opened.startTracker(ctx); err != nil {
		return fmt.Errorf("start tracker: %w", err)
	}
	return a.pipeline.Start(ctx)
}

// stop stops the workers, then the ranking stage's position refreshes,
// then flushes the tracker, all bounded by ctx.
func (a *app) stop(ctx context.Context) error {
	var result *multierror.Error
	if err := a.pipeline.Stop(ctx); err != nil {
		result = multierror.Append(result, err)
	}
	if err := a.rankingStage.Stop(ctx); err != nil && !errors.Is(err, context.Canceled) {
		result = multierror.Append(result, fmt.Errorf("stop ranking stage: %w", err))
	}
	if err := a.opened.stopTracker(ctx); err != nil {
		result = multierror.Append(result, fmt.Errorf("stop tracker: %w", err))
	}
	return result.ErrorOrNil()
}
