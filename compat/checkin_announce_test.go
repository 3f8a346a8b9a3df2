package compat_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/storage/memstore"
)

// The in-memory adapter serves as the Service's CheckInAnnouncer; package
// compatpg checks the PostgreSQL adapter.
var _ compat.CheckInAnnouncer = (*memstore.Store)(nil)

// recordingAnnouncer is a CheckInAnnouncer that keeps its markers in a map
// and fails every call while err is set.
type recordingAnnouncer struct {
	mu      sync.Mutex
	markers map[[2]uuid.UUID]time.Time
	err     error
}

func (a *recordingAnnouncer) AnnounceCheckIn(_ context.Context, workoutID, challengeID uuid.UUID, now time.Time) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err != nil {
		return false, a.err
	}
	key := [2]uuid.UUID{workoutID, challengeID}
	if _, ok := a.markers[key]; ok {
		return false, nil
	}
	if a.markers == nil {
		a.markers = make(map[[2]uuid.UUID]time.Time)
	}
	a.markers[key] = now
	return true, nil
}

func TestCheckInUsesConfiguredAnnouncer(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)
	announcer := &recordingAnnouncer{}
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: b.store, Announcer: announcer, Clock: b.clock})
	require.NoError(t, err)

	first, err := service.RecordChallengeCheckInV2(context.Background(), compat.ServiceAuth(), checkInParams(challengeID, member, "07:00", "a"))
	require.NoError(t, err)
	require.Equal(t, 10, first.PointsEarned, first.Message)

	workoutID := uuid.MustParse(first.WorkoutID)
	require.Equal(t, noon, announcer.markers[[2]uuid.UUID{workoutID, challengeID}], "the marker has the clock's time")

	again, err := service.RecordChallengeCheckInV2(context.Background(), compat.ServiceAuth(), checkInParams(challengeID, member, "07:00", "a"))
	require.NoError(t, err)
	require.Equal(t, 0, again.PointsEarned)
	require.Equal(t, compat.MessageAlreadyCheckedIn, again.Message)
	require.True(t, again.IsAlreadyCheckedIn)
	require.Equal(t, first.CheckInID, again.CheckInID)
	require.Equal(t, first.CurrentStreak, again.CurrentStreak)
}

func TestCheckInAnnouncerFailureIsInternalError(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)
	announcer := &recordingAnnouncer{err: errStoreDown}
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: b.store, Announcer: announcer, Clock: b.clock})
	require.NoError(t, err)

	reply, err := service.RecordChallengeCheckInV2(context.Background(), compat.ServiceAuth(), checkInParams(challengeID, member, "07:00", "a"))
	require.NoError(t, err)
	require.False(t, reply.Success)
	require.Equal(t, compat.CodeInternalError, reply.ErrorCode)
	require.Equal(t, compat.MessageCheckInInternal, reply.Message)
}

// TestCheckInNoMarkerWithoutPoints checks that a call that earns nothing
// leaves no marker, so the workout's first qualifying call still earns.
func TestCheckInNoMarkerWithoutPoints(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)
	announcer := &recordingAnnouncer{}
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: b.store, Announcer: announcer, Clock: b.clock})
	require.NoError(t, err)

	params := checkInParams(challengeID, member, "07:00", "a")
	params.DurationMinutes = 20
	short, err := service.RecordChallengeCheckInV2(context.Background(), compat.ServiceAuth(), params)
	require.NoError(t, err)
	require.Equal(t, compat.MessageTooShort(45), short.Message)
	require.Empty(t, announcer.markers)
}
