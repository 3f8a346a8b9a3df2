package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// announceCheckInSQL adds the marker of a check-in reply that carried the
// points. The table and the marker are shared with the SQL function
// record_challenge_check_in_v2 (migration 00011).
const announceCheckInSQL = `
INSERT INTO workoutflow_checkin_replies (workout_id, challenge_id, created_at)
VALUES ($1, $2, $3)
ON CONFLICT (workout_id, challenge_id) DO NOTHING`

// AnnounceCheckIn records that a check-in reply announced the points of
// workoutID in challengeID and reports whether this call added the
// marker: false means an earlier call, on the Go or the SQL path, already
// announced them. It implements compat.CheckInAnnouncer. Retention keeps
// the markers.
func (s *Store) AnnounceCheckIn(ctx context.Context, workoutID, challengeID uuid.UUID, now time.Time) (bool, error) {
	var first bool
	err := s.run(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, announceCheckInSQL, workoutID, challengeID, now.UTC())
		first = tag.RowsAffected() == 1
		return err
	})
	return first, wrap(err, "announce check-in of workout %s in challenge %s", workoutID, challengeID)
}
