package compat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/internal/keylock"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/workout"
)

// Store is the storage the legacy calls read besides the pipeline: the
// challenge rows and the user's workouts in a challenge, from which a
// check-in reply is decided with the ranking rules. Every ranking.Store implements it. Lookups of
// missing rows return an error wrapping storage.ErrNotFound.
type Store interface {
	Challenge(ctx context.Context, id uuid.UUID) (ranking.Challenge, error)
	Participant(ctx context.Context, challengeID, userID uuid.UUID) (ranking.Participant, error)
	Profile(ctx context.Context, userID uuid.UUID) (workout.Profile, error)
	ChallengeWorkouts(ctx context.Context, challengeID, userID uuid.UUID) ([]workout.Workout, error)
}

// Config configures a Service. Zero fields take the documented defaults.
type Config struct {
	// Pipeline records, updates and reads workouts and their processing.
	// Required.
	Pipeline *workout.Pipeline
	// Store reads challenges and challenge workouts. Required; usually the
	// storage adapter behind Pipeline.
	Store Store
	// Announcer records which check-ins a reply already announced with
	// their points. Nil means Store, which then must implement
	// CheckInAnnouncer, as both storage adapters do.
	Announcer CheckInAnnouncer
	// Locker serializes the calls of one user by holding the lock named
	// UserLockKey(userID). Nil means Store when it implements
	// workout.Locker, as both storage adapters do, else an in-process lock
	// that only serializes the calls of this process.
	Locker workout.Locker
	// Recoverer runs DiagnoseAndRecoverWorkoutRecords and
	// RetryWorkoutProcessing. Nil means a recovery.Recoverer over Pipeline
	// and Store, which then must implement recovery.Store, as both storage
	// adapters do.
	Recoverer Recoverer
	// Clock gives "today" for the legacy replies; nil means
	// workout.SystemClock{}. It should be the pipeline's clock.
	Clock workout.Clock
	// LegacyZone is the IANA zone in which the clock fields of a check-in's
	// _date are read, and which decides whether a recorded workout is
	// retroactive. Empty means DefaultLegacyZone.
	LegacyZone string
	// Logger receives the internal errors that the replies hide behind
	// INTERNAL_ERROR; nil means slog.Default().
	Logger *slog.Logger
}

// DefaultLegacyZone is the zone of the shipped app's local times.
const DefaultLegacyZone = workout.DefaultTimeZone

// Service serves the legacy RPC calls of the shipped mobile app on top of
// a workout.Pipeline. It is safe for concurrent use.
type Service struct {
	pipeline  *workout.Pipeline
	store     Store
	announcer CheckInAnnouncer
	locker    workout.Locker
	recoverer Recoverer
	clock     workout.Clock
	zone      *time.Location
	logger    *slog.Logger
}

// NewService validates cfg and returns a Service, or an error naming the
// invalid field.
func NewService(cfg Config) (*Service, error) {
	switch {
	case cfg.Pipeline == nil:
		return nil, errors.New("new compat service: Config.Pipeline is required")
	case cfg.Store == nil:
		return nil, errors.New("new compat service: Config.Store is required")
	}
	if cfg.LegacyZone == "" {
		cfg.LegacyZone = DefaultLegacyZone
	}
	zone, err := time.LoadLocation(cfg.LegacyZone)
	if err != nil {
		return nil, fmt.Errorf("new compat service: Config.LegacyZone: %w", err)
	}

	s := &Service{
		pipeline:  cfg.Pipeline,
		store:     cfg.Store,
		announcer: cfg.Announcer,
		locker:    cfg.Locker,
		recoverer: cfg.Recoverer,
		clock:     cfg.Clock,
		zone:      zone,
		logger:    cfg.Logger,
	}
	s.fillDefaults()
	if err := s.fillAnnouncer(); err != nil {
		return nil, err
	}
	if err := s.fillRecoverer(cfg.Logger); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Service) fillDefaults() {
	if s.clock == nil {
		s.clock = workout.SystemClock{}
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	s.logger = s.logger.With("component", "workoutflow/compat")
	if s.locker == nil {
		if locker, ok := s.store.(workout.Locker); ok {
			s.locker = locker
		} else {
			s.locker = &keylock.Set{}
		}
	}
}

// fillAnnouncer uses the Store as the CheckInAnnouncer when none is set.
func (s *Service) fillAnnouncer() error {
	if s.announcer != nil {
		return nil
	}
	announcer, ok := s.store.(CheckInAnnouncer)
	if !ok {
		return fmt.Errorf("new compat service: Config.Announcer is required when Config.Store (%T) does not implement CheckInAnnouncer", s.store)
	}
	s.announcer = announcer
	return nil
}

var _ Recoverer = (*recovery.Recoverer)(nil)

// fillRecoverer builds the default Recoverer over the Store. It gets the
// configured logger, which the recoverer labels with its own component.
func (s *Service) fillRecoverer(logger *slog.Logger) error {
	if s.recoverer != nil {
		return nil
	}
	store, ok := s.store.(recovery.Store)
	if !ok {
		return fmt.Errorf("new compat service: Config.Recoverer is required when Config.Store (%T) does not implement recovery.Store", s.store)
	}

	recoverer, err := recovery.NewRecoverer(recovery.Config{
		Store: store, Pipeline: s.pipeline, Clock: s.clock, Logger: logger,
	})
	if err != nil {
		return fmt.Errorf("new compat service: Config.Recoverer: %w", err)
	}
	s.recoverer = recoverer
	return nil
}

// LegacyZone returns the zone in which the service reads the app's local
// times.
func (s *Service) LegacyZone() *time.Location { return s.zone }

// isRetroactive reports whether t's local day in the legacy zone is before
// today.
func (s *Service) isRetroactive(t time.Time) bool {
	return workout.LocalDateOf(t, s.zone).Before(workout.LocalDateOf(s.clock.Now(), s.zone))
}

// noFutureLimit turns off the future-date check of workout.Validate in
// precheck; the pipeline applies its own tolerance when it records.
const noFutureLimit = 100 * 365 * 24 * time.Hour

// precheck adds the fields of w that workout.Validate rejects to problems,
// so that a reply names every invalid parameter even when some could not
// be parsed. Parameters already listed keep their first description.
func (s *Service) precheck(problems *fieldProblems, w workout.Workout, names workoutParams) {
	var verr *workout.ValidationError
	if errors.As(workout.Validate(w, s.clock.Now(), noFutureLimit), &verr) {
		problems.addValidation(verr, names, w)
	}
}
