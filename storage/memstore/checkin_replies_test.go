package memstore_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/stretchr/testify/require"
)

func TestAnnounceCheckInFirstCallOnly(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	now := time.Date(2024, time.June, 3, 12, 0, 0, 0, time.UTC)
	workoutID, challengeID, otherChallengeID := uuid.New(), uuid.New(), uuid.New()

	first, err := s.AnnounceCheckIn(t.Context(), workoutID, challengeID, now)
	require.NoError(t, err)
	require.True(t, first, "the first call adds the marker")

	again, err := s.AnnounceCheckIn(t.Context(), workoutID, challengeID, now)
	require.NoError(t, err)
	require.False(t, again, "the marker already exists")

	other, err := s.AnnounceCheckIn(t.Context(), workoutID, otherChallengeID, now)
	require.NoError(t, err)
	require.True(t, other, "another challenge has its own marker")
}

func TestAnnounceCheckInConcurrentCalls(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	now := time.Date(2024, time.June, 3, 12, 0, 0, 0, time.UTC)
	workoutID, challengeID := uuid.New(), uuid.New()

	firsts := make([]bool, 5)
	errs := make([]error, len(firsts))
	var wg sync.WaitGroup
	for i := range firsts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			firsts[i], errs[i] = s.AnnounceCheckIn(t.Context(), workoutID, challengeID, now)
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
