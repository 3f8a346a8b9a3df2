package compat

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// CheckInAnnouncer records which check-ins a record_challenge_check_in_v2
// reply already announced with their points, so that the app shows the
// points of a check-in once. Both storage adapters implement it, and the
// PostgreSQL adapter shares its markers with the SQL function.
type CheckInAnnouncer interface {
	// AnnounceCheckIn records the marker of workoutID's check-in in
	// challengeID and reports whether this call added it. It returns false
	// when an earlier call, on any path, already added the marker.
	AnnounceCheckIn(ctx context.Context, workoutID, challengeID uuid.UUID, now time.Time) (first bool, err error)
}

// announce turns the outcome of a target workout that owns its day's
// check-in into the reply of a repeated call when an earlier reply already
// announced that check-in. It runs under the user's lock, so of several
// concurrent identical calls exactly one gets the points.
func (s *Service) announce(ctx context.Context, outcome checkInOutcome, workoutID, challengeID uuid.UUID) (checkInOutcome, error) {
	if !outcome.owns {
		return outcome, nil
	}
	first, err := s.announcer.AnnounceCheckIn(ctx, workoutID, challengeID, s.clock.Now())
	if err != nil {
		return checkInOutcome{}, fmt.Errorf("announce check-in of workout %s: %w", workoutID, err)
	}
	if !first {
		outcome.message, outcome.points, outcome.already = MessageAlreadyCheckedIn, 0, true
	}
	return outcome, nil
}
