package ranking

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// Store is the storage the ranking stage and Service need. The storage
// adapters implement it. Lookups of missing rows return an error wrapping
// storage.ErrNotFound.
type Store interface {
	ChallengeStore

	// Profile returns the user's profile.
	Profile(ctx context.Context, userID uuid.UUID) (workout.Profile, error)

	// ChallengeWorkouts returns every stored workout of the user recorded for
	// the challenge, in any order.
	ChallengeWorkouts(ctx context.Context, challengeID, userID uuid.UUID) ([]workout.Workout, error)

	// SaveUserResult replaces the user's check-ins in the challenge with
	// result.CheckIns, writes result.Progress (keeping the stored Position),
	// writes the points of the user's workouts, and marks the challenge's
	// positions as needing a refresh, all in one transaction.
	SaveUserResult(ctx context.Context, result UserResult, now time.Time) error

	// RefreshPositions recomputes the positions of every member of the
	// challenge from the stored progress rows (see Rank) and writes the ones
	// that changed; non-members get position 0.
	RefreshPositions(ctx context.Context, challengeID uuid.UUID, now time.Time) error
}

// ChallengeStore manages challenges and their participants and reads the
// results.
type ChallengeStore interface {
	// SaveChallenge creates or replaces a challenge.
	SaveChallenge(ctx context.Context, c Challenge) error
	// Challenge returns the challenge with the given id.
	Challenge(ctx context.Context, id uuid.UUID) (Challenge, error)
	// SaveParticipant creates or replaces a participant row.
	SaveParticipant(ctx context.Context, p Participant) error
	// Participant returns the user's participant row in the challenge.
	Participant(ctx context.Context, challengeID, userID uuid.UUID) (Participant, error)
	// SaveProfile creates or replaces a profile.
	SaveProfile(ctx context.Context, p workout.Profile) error
	// Ranking returns the progress rows of the challenge's ranked members,
	// ordered by position and then user id.
	Ranking(ctx context.Context, challengeID uuid.UUID) ([]Progress, error)
	// UserProgress returns the user's progress row in the challenge.
	UserProgress(ctx context.Context, challengeID, userID uuid.UUID) (Progress, error)
	// CheckIns returns the user's check-ins in the challenge, oldest first.
	CheckIns(ctx context.Context, challengeID, userID uuid.UUID) ([]CheckIn, error)
}
