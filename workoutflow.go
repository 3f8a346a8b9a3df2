package workoutflow

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/go-multierror"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// Store is the storage of a complete Flow. Both shipped adapters,
// storage/memstore and storage/pgstore, implement it.
type Store interface {
	workout.Store
	ranking.Store
	dashboard.Store
}

// Config configures a Flow.
type Config struct {
	// Store holds everything. Required.
	Store Store
	// Pipeline configures the pipeline. Its Store field is set from Store,
	// and the ranking and dashboard stages are added to its Stages after
	// any stages it already lists.
	Pipeline workout.Config
	// Ranking and Dashboard configure the built-in stages' retries and
	// timeouts; their Name and Stage fields are set by New.
	Ranking   workout.StageConfig
	Dashboard workout.StageConfig
	// AsyncPositions lets the ranking stage finish a job before the
	// challenge's positions are refreshed, and PositionInterval spaces
	// those refreshes (see ranking.StageConfig).
	AsyncPositions   bool
	PositionInterval time.Duration
}

// Flow is a pipeline with the ranking and dashboard stages and the services
// that read their results.
type Flow struct {
	Pipeline   *workout.Pipeline
	Challenges *ranking.Service
	Dashboards *dashboard.Service
	Ranking    *ranking.Stage
	Dashboard  *dashboard.Stage

	store Store
}

// New builds a Flow. It starts no goroutine; call Start to run workers.
func New(cfg Config) (*Flow, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("workoutflow: Config.Store is required")
	}
	pc := cfg.Pipeline
	pc.Store = cfg.Store

	rankStage, err := ranking.NewStage(ranking.StageConfig{
		Store: cfg.Store, Clock: pc.Clock, Logger: pc.Logger,
		AsyncPositions: cfg.AsyncPositions, PositionInterval: cfg.PositionInterval,
	})
	if err != nil {
		return nil, fmt.Errorf("workoutflow: %w", err)
	}
	boardStage, err := dashboard.NewStage(dashboard.StageConfig{Store: cfg.Store, Clock: pc.Clock, Logger: pc.Logger})
	if err != nil {
		return nil, fmt.Errorf("workoutflow: %w", err)
	}
	challenges, err := ranking.NewService(ranking.ServiceConfig{
		Store: cfg.Store, Clock: pc.Clock, Logger: pc.Logger, Stage: rankStage,
	})
	if err != nil {
		return nil, fmt.Errorf("workoutflow: %w", err)
	}
	dashboards, err := dashboard.NewService(dashboard.ServiceConfig{Store: cfg.Store, Clock: pc.Clock, Logger: pc.Logger})
	if err != nil {
		return nil, fmt.Errorf("workoutflow: %w", err)
	}

	rankConfig, boardConfig := cfg.Ranking, cfg.Dashboard
	rankConfig.Name, rankConfig.Stage = workout.StageRanking, rankStage
	boardConfig.Name, boardConfig.Stage = workout.StageDashboard, boardStage
	pc.Stages = append(append([]workout.StageConfig(nil), pc.Stages...), rankConfig, boardConfig)

	pipeline, err := workout.New(pc)
	if err != nil {
		return nil, err
	}
	return &Flow{
		Pipeline: pipeline, Challenges: challenges, Dashboards: dashboards,
		Ranking: rankStage, Dashboard: boardStage, store: cfg.Store,
	}, nil
}

// Start starts the pipeline's workers.
func (f *Flow) Start(ctx context.Context) error { return f.Pipeline.Start(ctx) }

// Stop stops the workers and the ranking stage's position refreshes, and
// returns when they have stopped, or with an error when ctx ends first.
func (f *Flow) Stop(ctx context.Context) error {
	var result *multierror.Error
	result = multierror.Append(result, f.Pipeline.Stop(ctx))
	result = multierror.Append(result, f.Ranking.Stop(ctx))
	return result.ErrorOrNil()
}

// Join adds the user to the challenge, recomputes the user's ranking and
// refreshes the user's dashboard.
func (f *Flow) Join(ctx context.Context, challengeID, userID uuid.UUID) (ranking.Participant, error) {
	p, err := f.Challenges.Join(ctx, challengeID, userID)
	if err != nil {
		return ranking.Participant{}, err
	}
	return p, f.refreshDashboard(ctx, userID)
}

// Drop removes the user from the challenge's ranking; the user's check-ins
// there no longer count, in the ranking or on the dashboard.
func (f *Flow) Drop(ctx context.Context, challengeID, userID uuid.UUID) (ranking.Participant, error) {
	return f.SetStatus(ctx, challengeID, userID, ranking.StatusDropped)
}

// SetStatus changes the user's status in the challenge, recomputes the
// user's ranking and refreshes the user's dashboard, whose points depend on
// membership.
func (f *Flow) SetStatus(ctx context.Context, challengeID, userID uuid.UUID, status ranking.ParticipantStatus) (ranking.Participant, error) {
	p, err := f.Challenges.SetStatus(ctx, challengeID, userID, status)
	if err != nil {
		return ranking.Participant{}, err
	}
	return p, f.refreshDashboard(ctx, userID)
}

// refreshDashboard recomputes the user's dashboard under the dashboard
// stage's lock for the user, so that it cannot overtake a running job.
func (f *Flow) refreshDashboard(ctx context.Context, userID uuid.UUID) error {
	if locker, ok := f.store.(workout.Locker); ok {
		unlock, err := locker.Lock(ctx, workout.UserStageLockKey(workout.StageDashboard, userID))
		if err != nil {
			return fmt.Errorf("lock dashboard of user %s: %w", userID, err)
		}
		defer unlock()
	}
	_, err := f.Dashboards.Refresh(ctx, userID)
	return err
}
