package ranking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// ErrNoChallenge is the Reason of an Explanation of a workout recorded for
// no challenge.
var ErrNoChallenge = errors.New("workout is not recorded for any challenge")

// ExplainStore is the storage ExplainStored reads. Both storage adapters
// implement it.
type ExplainStore interface {
	Workout(ctx context.Context, id uuid.UUID) (workout.Workout, error)
	Challenge(ctx context.Context, id uuid.UUID) (Challenge, error)
	Participant(ctx context.Context, challengeID, userID uuid.UUID) (Participant, error)
	ChallengeWorkouts(ctx context.Context, challengeID, userID uuid.UUID) ([]workout.Workout, error)
}

// ExplainStored reads the stored workout, its challenge, the user's
// participant row and the user's workouts in the challenge, and explains
// with Explain whether the workout owns a check-in at now. A workout
// without a challenge gets the reason ErrNoChallenge. A missing workout or
// challenge returns an error wrapping storage.ErrNotFound.
func ExplainStored(ctx context.Context, store ExplainStore, workoutID uuid.UUID, now time.Time) (Explanation, error) {
	w, err := store.Workout(ctx, workoutID)
	if err != nil {
		// The store's error already names the workout.
		return Explanation{}, fmt.Errorf("explain: %w", err)
	}
	if w.ChallengeID == uuid.Nil {
		e := Explanation{WorkoutID: w.ID}
		return e.because(ErrNoChallenge), nil
	}

	ch, err := store.Challenge(ctx, w.ChallengeID)
	if err != nil {
		return Explanation{}, fmt.Errorf("explain workout %s: %w", workoutID, err)
	}
	var participant *Participant
	p, err := store.Participant(ctx, ch.ID, w.UserID)
	switch {
	case err == nil:
		participant = &p
	case !errors.Is(err, storage.ErrNotFound):
		return Explanation{}, fmt.Errorf("explain workout %s: %w", workoutID, err)
	}
	workouts, err := store.ChallengeWorkouts(ctx, ch.ID, w.UserID)
	if err != nil {
		return Explanation{}, fmt.Errorf("explain workout %s: %w", workoutID, err)
	}

	// The workout was read first, so a concurrent edit may have moved it.
	return Explain(ch, participant, append(workouts, w), w.ID, now)
}
