package memstore

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// checkInReply identifies the marker of a check-in reply that carried the
// points.
type checkInReply struct {
	workoutID   uuid.UUID
	challengeID uuid.UUID
}

// AnnounceCheckIn records that a check-in reply announced the points of
// workoutID in challengeID and reports whether this call added the
// marker: false means an earlier call already announced them. It
// implements compat.CheckInAnnouncer. Retention deletes markers older
// than its Age.
func (s *Store) AnnounceCheckIn(_ context.Context, workoutID, challengeID uuid.UUID, now time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	key := checkInReply{workoutID: workoutID, challengeID: challengeID}
	if _, announced := s.checkInReplies[key]; announced {
		return false, nil
	}
	if s.checkInReplies == nil {
		s.checkInReplies = make(map[checkInReply]time.Time)
	}
	s.checkInReplies[key] = storedTime(now)
	return true, nil
}
