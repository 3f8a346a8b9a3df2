package ranking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/go-multierror"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// StageConfig configures a Stage.
type StageConfig struct {
	// Store reads the challenges and workouts and writes the results.
	// Required.
	Store Store
	// Clock gives the time that decides "today" and the update times. Nil
	// means workout.SystemClock{}.
	Clock workout.Clock
	// Logger receives the errors that cannot be returned, such as a failed
	// background position refresh. Nil means slog.Default().
	Logger *slog.Logger
	// AsyncPositions makes Process return as soon as the user's result is
	// saved, leaving the position refresh to run in the background. False
	// (the default) makes Process wait for a refresh that covers its write
	// and return its error, so the ranking is up to date when Process
	// returns.
	AsyncPositions bool
	// PositionInterval, with AsyncPositions, is the minimum time between
	// the starts of two position refreshes of one challenge in this
	// process, so that a busy challenge is ranked a few times per second
	// rather than after every check-in. Positions then trail the points by
	// up to this long. Zero means refreshes run back to back.
	PositionInterval time.Duration
}

// Stage is the ranking stage: for each challenge of a job it recomputes the
// user's check-ins, progress and workout points from the user's stored
// workouts (see Evaluate), saves them, and refreshes the challenge's
// positions through a PositionRefresher.
//
// Because every run is a full recompute, running a job twice, or jobs out
// of order, leaves the same results as running each once in order.
type Stage struct {
	store     Store
	clock     workout.Clock
	logger    *slog.Logger
	async     bool
	positions *PositionRefresher
}

var _ workout.Stage = (*Stage)(nil)

// NewStage returns a Stage, or an error naming the missing field of cfg.
func NewStage(cfg StageConfig) (*Stage, error) {
	if cfg.Store == nil {
		return nil, errors.New("new ranking stage: StageConfig.Store is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = workout.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}

	s := &Stage{store: cfg.Store, clock: cfg.Clock, logger: cfg.Logger, async: cfg.AsyncPositions}
	s.positions = NewPositionRefresher(s.refreshPositions, cfg.Logger)
	if cfg.AsyncPositions {
		s.positions.minInterval = cfg.PositionInterval
	}
	return s, nil
}

// Process recomputes the results of job.UserID in every challenge of
// job.ChallengeIDs. A challenge that no longer exists is skipped. The
// errors of the challenges that failed are returned together, and the
// other challenges are still processed.
func (s *Stage) Process(ctx context.Context, job workout.Job) error {
	return s.Recompute(ctx, job.UserID, job.ChallengeIDs...)
}

// Recompute brings the user's results in each of the challenges up to date
// with the stored workouts and refreshes the challenges' positions.
// Repeated and nil challenge ids are skipped.
func (s *Stage) Recompute(ctx context.Context, userID uuid.UUID, challengeIDs ...uuid.UUID) error {
	var result *multierror.Error
	seen := make(map[uuid.UUID]bool, len(challengeIDs))
	for _, challengeID := range challengeIDs {
		if challengeID == uuid.Nil || seen[challengeID] {
			continue
		}
		seen[challengeID] = true

		if err := s.recomputeChallenge(ctx, challengeID, userID); err != nil {
			result = multierror.Append(result, err)
		}
	}
	return result.ErrorOrNil()
}

// recomputeChallenge evaluates and saves the user's result in one
// challenge, then refreshes its positions.
func (s *Stage) recomputeChallenge(ctx context.Context, challengeID, userID uuid.UUID) error {
	ch, err := s.store.Challenge(ctx, challengeID)
	if errors.Is(err, storage.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("rank user %s in challenge %s: %w", userID, challengeID, err)
	}

	result, err := s.evaluate(ctx, ch, userID)
	if err != nil {
		return fmt.Errorf("rank user %s in challenge %s: %w", userID, challengeID, err)
	}
	if err := s.store.SaveUserResult(ctx, result, s.clock.Now()); err != nil {
		return fmt.Errorf("rank user %s in challenge %s: %w", userID, challengeID, err)
	}

	if s.async {
		return s.positions.Request(ctx, challengeID)
	}
	return s.positions.Refresh(ctx, challengeID)
}

// evaluate loads what Evaluate needs for the user in ch and runs it.
func (s *Stage) evaluate(ctx context.Context, ch Challenge, userID uuid.UUID) (UserResult, error) {
	var participant *Participant
	row, err := s.store.Participant(ctx, ch.ID, userID)
	switch {
	case err == nil:
		participant = &row
	case !errors.Is(err, storage.ErrNotFound):
		return UserResult{}, err
	}

	profile, err := s.store.Profile(ctx, userID)
	if errors.Is(err, storage.ErrNotFound) {
		profile, err = workout.DefaultProfile(userID), nil
	}
	if err != nil {
		return UserResult{}, err
	}
	profile.ID = userID

	workouts, err := s.store.ChallengeWorkouts(ctx, ch.ID, userID)
	if err != nil {
		return UserResult{}, err
	}
	return Evaluate(ch, participant, profile, workouts, s.clock.Now())
}

// refreshPositions is the Stage's RefreshFunc.
func (s *Stage) refreshPositions(ctx context.Context, challengeID uuid.UUID) error {
	return s.store.RefreshPositions(ctx, challengeID, s.clock.Now())
}

// Stop rejects further position refreshes and waits for those in flight.
// After Stop, Process and Recompute still save results but then fail with
// ErrRefresherStopped. When ctx ends first, Stop cancels the refreshes and
// returns the context's error. Stop is safe to call more than once.
func (s *Stage) Stop(ctx context.Context) error {
	return s.positions.Stop(ctx)
}
