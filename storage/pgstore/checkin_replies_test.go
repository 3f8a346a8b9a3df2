package pgstore_test

import (
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestAnnounceCheckInFirstCallOnly(t *testing.T) {
	t.Parallel()
	s, dsn := newStore(t)
	ctx := t.Context()
	workoutID, challengeID, otherChallengeID := uuid.New(), uuid.New(), uuid.New()

	first, err := s.AnnounceCheckIn(ctx, workoutID, challengeID, baseTime)
	require.NoError(t, err)
	require.True(t, first, "the first call adds the marker")

	again, err := s.AnnounceCheckIn(ctx, workoutID, challengeID, baseTime.Add(1))
	require.NoError(t, err)
	require.False(t, again, "the marker already exists")

	other, err := s.AnnounceCheckIn(ctx, workoutID, otherChallengeID, baseTime)
	require.NoError(t, err)
	require.True(t, other, "another challenge has its own marker")

	conn := connect(t, dsn)
	require.Equal(t, 2, count(t, conn, `SELECT count(*) FROM workoutflow_checkin_replies WHERE workout_id = $1`, workoutID))
	require.Equal(t, 1, count(t, conn,
		`SELECT count(*) FROM workoutflow_checkin_replies WHERE workout_id = $1 AND challenge_id = $2 AND created_at = $3`,
		workoutID, challengeID, baseTime))
}

// TestAnnounceCheckInConcurrentCalls checks that the insert alone, without
// the user lock the legacy calls hold, lets exactly one call add a marker.
func TestAnnounceCheckInConcurrentCalls(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	workoutID, challengeID := uuid.New(), uuid.New()

	firsts := make([]bool, 5)
	errs := make([]error, len(firsts))
	var wg sync.WaitGroup
	for i := range firsts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			firsts[i], errs[i] = s.AnnounceCheckIn(t.Context(), workoutID, challengeID, baseTime)
		}()
	}
	wg.Wait()

	added := 0
	for i, first := range firsts {
		require.NoError(t, errs[i])
		if first {
			added++
		}
	}
	require.Equal(t, 1, added, "calls that added the marker")
}
