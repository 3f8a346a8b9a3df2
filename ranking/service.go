package ranking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// ServiceConfig configures a Service.
type ServiceConfig struct {
	// Store keeps the challenges and the results. Required.
	Store Store
	// Clock gives the time of joins, creations and "today". Nil means
	// workout.SystemClock{}.
	Clock workout.Clock
	// Logger receives the errors that cannot be returned. Nil means
	// slog.Default().
	Logger *slog.Logger
	// Stage is the ranking stage whose recompute and position refresher the
	// Service uses, so that both coalesce the refreshes of a challenge. Nil
	// means a new Stage built from the fields above, whose refreshes
	// complete before the Service's methods return.
	Stage *Stage
}

// Service manages challenges and their participants and reads their
// rankings. A change of membership recomputes the user's results with the
// same code as the ranking stage, then refreshes the challenge's positions.
type Service struct {
	store     Store
	clock     workout.Clock
	stage     *Stage
	ownsStage bool
}

// NewService returns a Service, or an error naming the missing field of
// cfg.
func NewService(cfg ServiceConfig) (*Service, error) {
	if cfg.Store == nil {
		return nil, errors.New("new ranking service: ServiceConfig.Store is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = workout.SystemClock{}
	}

	s := &Service{store: cfg.Store, clock: cfg.Clock, stage: cfg.Stage}
	if s.stage == nil {
		stage, err := NewStage(StageConfig{Store: cfg.Store, Clock: cfg.Clock, Logger: cfg.Logger})
		if err != nil {
			return nil, fmt.Errorf("new ranking service: %w", err)
		}
		s.stage, s.ownsStage = stage, true
	}
	return s, nil
}

// CreateChallenge validates ch and stores it as a new challenge. It assigns
// an id when ch.ID is nil, writes the defaults of the zero rule fields and
// the zone into the stored row, and sets the creation times. An invalid
// challenge gets a *workout.ValidationError naming every invalid field. An
// id already in use gets an error wrapping storage.ErrConflict.
func (s *Service) CreateChallenge(ctx context.Context, ch Challenge) (Challenge, error) {
	if err := ValidateChallenge(ch); err != nil {
		return Challenge{}, fmt.Errorf("create challenge %q: %w", ch.Title, err)
	}

	if ch.ID == uuid.Nil {
		ch.ID = uuid.New()
	} else if err := s.checkUnused(ctx, ch.ID); err != nil {
		return Challenge{}, err
	}

	if ch.TimeZone == "" {
		ch.TimeZone = workout.DefaultTimeZone
	}
	ch.PointsPerCheckIn = pointsPerCheckIn(ch)
	ch.MinDurationMinutes = minDurationMinutes(ch)
	now := s.clock.Now()
	ch.CreatedAt, ch.UpdatedAt = now, now

	if err := s.store.SaveChallenge(ctx, ch); err != nil {
		return Challenge{}, fmt.Errorf("create challenge %s: %w", ch.ID, err)
	}
	return ch, nil
}

// checkUnused returns an error wrapping storage.ErrConflict when a
// challenge with the id exists.
//
// NOTE: the check and the write are two calls, so two concurrent creations
// with the same id may both pass and the second replaces the first.
func (s *Service) checkUnused(ctx context.Context, id uuid.UUID) error {
	_, err := s.store.Challenge(ctx, id)
	switch {
	case err == nil:
		return fmt.Errorf("create challenge %s: id in use: %w", id, storage.ErrConflict)
	case errors.Is(err, storage.ErrNotFound):
		return nil
	default:
		return fmt.Errorf("create challenge %s: %w", id, err)
	}
}

// Stop stops the Stage the Service created, waiting for its position
// refreshes. A Stage given in ServiceConfig is left to its owner. Stop is
// safe to call more than once.
func (s *Service) Stop(ctx context.Context) error {
	if !s.ownsStage {
		return nil
	}
	return s.stage.Stop(ctx)
}
