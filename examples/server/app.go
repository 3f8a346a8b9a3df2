package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/google/uuid"
	"github.com/hashicorp/go-multierror"
	"github.com/rayclub/workoutflow"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// app is the flow with the handlers' dependencies.
type app struct {
	flow   *workoutflow.Flow
	opened *openedStore
	deps   deps
}

// challengeFlow serves the challenge endpoints: the ranking service, with
// membership changes going through the flow so that they also refresh the
// user's dashboard.
type challengeFlow struct {
	*ranking.Service
	flow *workoutflow.Flow
}

// Join adds the user to the challenge.
func (c challengeFlow) Join(ctx context.Context, challengeID, userID uuid.UUID) (ranking.Participant, error) {
	return c.flow.Join(ctx, challengeID, userID)
}

// SetStatus changes the user's status in the challenge.
func (c challengeFlow) SetStatus(ctx context.Context, challengeID, userID uuid.UUID, status ranking.ParticipantStatus) (ranking.Participant, error) {
	return c.flow.SetStatus(ctx, challengeID, userID, status)
}

// newApp builds the flow and the handlers' dependencies on the opened
// store. It starts nothing.
func newApp(opened *openedStore, workers int, clock workout.Clock, logger *slog.Logger) (*app, error) {
	flow, err := workoutflow.New(workoutflow.Config{
		Store: opened.store,
		Pipeline: workout.Config{
			Tracker: opened.tracker,
			Clock:   clock,
			Logger:  logger,
			Workers: workers,
		},
	})
	if err != nil {
		return nil, err
	}

	return &app{
		flow:   flow,
		opened: opened,
		deps: deps{
			Pipeline:   flow.Pipeline,
			Challenges: challengeFlow{Service: flow.Challenges, flow: flow},
			Store:      opened.store,
			Dashboards: flow.Dashboards,
			Stats:      opened.stats,
			Clock:      clock,
			Logger:     logger,
		},
	}, nil
}

// start starts the tracker's writer, then the workers.
func (a *app) start(ctx context.Context) error {
	if err := a.opened.startTracker(ctx); err != nil {
		return fmt.Errorf("start tracker: %w", err)
	}
	return a.flow.Start(ctx)
}

// stop stops the workers and the ranking stage's position refreshes, then
// flushes the tracker, all bounded by ctx.
func (a *app) stop(ctx context.Context) error {
	var result *multierror.Error
	if err := a.flow.Stop(ctx); err != nil && !errors.Is(err, context.Canceled) {
		result = multierror.Append(result, err)
	}
	if err := a.opened.stopTracker(ctx); err != nil {
		result = multierror.Append(result, fmt.Errorf("stop tracker: %w", err))
	}
	return result.ErrorOrNil()
}
