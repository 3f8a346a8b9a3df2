package dashboard

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// StageConfig configures a Stage.
type StageConfig struct {
	// Store reads the user's rows and stores the dashboard. Required.
	Store Store
	// Clock gives the time the dashboard is computed for. Nil means
	// workout.SystemClock{}.
	Clock workout.Clock
	// Logger receives debug messages, such as a user without a profile
	// row. Nil means slog.Default().
	Logger *slog.Logger
}

// Stage is the dashboard stage of the pipeline, meant to run under the
// stage name workout.StageDashboard. For every job it recomputes the dashboard of the
// job's user from the stored rows and saves it. Because the result depends
// only on the stored rows and the time, a retried job cannot count a
// workout twice.
type Stage struct {
	refresher refresher
	clock     workout.Clock
}

var _ workout.Stage = (*Stage)(nil)

// NewStage returns a Stage, or an error naming the missing field of cfg.
func NewStage(cfg StageConfig) (*Stage, error) {
	if cfg.Store == nil {
		return nil, errors.New("new dashboard stage: StageConfig.Store is required")
	}

	clock := cfg.Clock
	if clock == nil {
		clock = workout.SystemClock{}
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}

	return &Stage{refresher: refresher{store: cfg.Store, logger: logger}, clock: clock}, nil
}

// Process recomputes and saves the dashboard of job.UserID. The job's
// workout may have been deleted since it was queued; the recompute then
// leaves it out.
func (s *Stage) Process(ctx context.Context, job workout.Job) error {
	if job.UserID == uuid.Nil {
		return fmt.Errorf("dashboard stage: missing user id in the job for workout %s", job.WorkoutID)
	}

	if _, err := s.refresher.refresh(ctx, job.UserID, s.clock.Now()); err != nil {
		return fmt.Errorf("dashboard stage for workout %s: %w", job.WorkoutID, err)
	}
	return nil
}
