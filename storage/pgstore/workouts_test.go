package pgstore_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestInsertWorkoutRoundTrip(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	w := newWorkout(uuid.New())
	w.ChallengeID = uuid.New()
	w.ImageURLs = []string{"a", "b"}

	stored, replayed, err := s.InsertWorkout(t.Context(), insertRequest(w, baseTime))
	require.NoError(t, err)
	require.False(t, replayed)
	require.Equal(t, w.ID, stored.ID)
	require.True(t, baseTime.Equal(stored.CreatedAt))

	read, err := s.Workout(t.Context(), w.ID)
	require.NoError(t, err)
	require.Equal(t, stored, read)

	st, err := s.Status(t.Context(), w.ID)
	require.NoError(t, err)
	require.Len(t, st.Jobs, 2)
	require.Equal(t, w.ChallengeID, st.ChallengeID)
}
