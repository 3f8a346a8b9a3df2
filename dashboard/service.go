package dashboard

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// ServiceConfig configures a Service.
type ServiceConfig struct {
	// Store reads and stores dashboards. Required.
	Store Store
	// Clock gives today's date and the time of a recompute. Nil means
	// workout.SystemClock{}.
	Clock workout.Clock
	// Logger receives debug messages, such as a user without a profile
	// row. Nil means slog.Default().
	Logger *slog.Logger
}

// Service reads users' dashboards for display.
type Service struct {
	store     Store
	refresher refresher
	clock     workout.Clock
}

// NewService returns a Service, or an error naming the missing field of cfg.
func NewService(cfg ServiceConfig) (*Service, error) {
	if cfg.Store == nil {
		return nil, errors.New("new dashboard service: ServiceConfig.Store is required")
	}

	clock := cfg.Clock
	if clock == nil {
		clock = workout.SystemClock{}
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}

	return &Service{store: cfg.Store, refresher: refresher{store: cfg.Store, logger: logger}, clock: clock}, nil
}

// Dashboard returns the user's dashboard. It returns the stored row when it
// was computed for today's local date in its zone. Otherwise, or when no row
// is stored, it recomputes the dashboard and saves it first, because month
// figures and the current streak of an earlier day would be wrong today.
func (s *Service) Dashboard(ctx context.Context, userID uuid.UUID) (Dashboard, error) {
	if userID == uuid.Nil {
		return Dashboard{}, errors.New("read dashboard: missing user id")
	}
	now := s.clock.Now()

	stored, err := s.store.Dashboard(ctx, userID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		// Never computed: compute it below.
	case err != nil:
		return Dashboard{}, fmt.Errorf("read dashboard of user %s: %w", userID, err)
	case computedToday(stored, now):
		return stored, nil
	}

	d, err := s.refresher.refresh(ctx, userID, now)
	if err != nil {
		return Dashboard{}, fmt.Errorf("read dashboard: %w", err)
	}
	return d, nil
}

// computedToday reports whether d was computed for the local date of now in
// d's zone. A row with an unknown zone counts as stale.
func computedToday(d Dashboard, now time.Time) bool {
	loc, err := workout.LoadZone(d.TimeZone)
	if err != nil {
		return false
	}
	return d.ComputedFor == workout.LocalDateOf(now, loc)
}

// Refresh recomputes the user's dashboard now and saves it, for changes the
// dashboard stage does not see, such as a user leaving a challenge.
func (s *Service) Refresh(ctx context.Context, userID uuid.UUID) (Dashboard, error) {
	d, err := s.refresher.refresh(ctx, userID, s.clock.Now())
	if err != nil {
		return Dashboard{}, fmt.Errorf("refresh dashboard: %w", err)
	}
	return d, nil
}
