package compat_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/storage/memstore"
)

func TestNewServiceRejectsBadConfig(t *testing.T) {
	t.Parallel()
	b := setup(t)

	tests := []struct {
		cfg   compat.Config
		field string
	}{
		{compat.Config{Store: b.store}, "Pipeline"},
		{compat.Config{Pipeline: b.pipeline}, "Store"},
		{compat.Config{Pipeline: b.pipeline, Store: b.store, LegacyZone: "America/Nowhere"}, "LegacyZone"},
	}
	for _, tt := range tests {
		_, err := compat.NewService(tt.cfg)
		require.ErrorContains(t, err, tt.field)
	}
}

func TestNewServiceLegacyZone(t *testing.T) {
	t.Parallel()
	b := setup(t)
	require.Equal(t, "America/Sao_Paulo", b.service.LegacyZone().String())

	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: b.store, Clock: b.clock, LegacyZone: "America/Manaus"})
	require.NoError(t, err)
	challengeID, member := b.challenge(t)

	// 12:30 on 2 June is 15:30 UTC in Sao Paulo (UTC-3), inside the
	// future tolerance of the 15:00 UTC test clock, but 16:30 UTC in
	// Manaus (UTC-4), beyond it.
	inSaoPaulo, err := b.service.RecordChallengeCheckInV2(context.Background(), compat.ServiceAuth(), checkInParams(challengeID, member, "12:30", "sp"))
	require.NoError(t, err)
	require.True(t, inSaoPaulo.Success, inSaoPaulo.Message)

	inManaus, err := service.RecordChallengeCheckInV2(context.Background(), compat.ServiceAuth(), checkInParams(challengeID, member, "12:30", "manaus"))
	require.NoError(t, err)
	require.False(t, inManaus.Success)
	require.Equal(t, "Dados inválidos: _date está no futuro", inManaus.Message)
}

// lockingStore is a store whose workout.Locker records the lock keys.
type lockingStore struct {
	*memstore.Store
	mu   sync.Mutex
	keys []string
}

func (s *lockingStore) Lock(_ context.Context, key string) (func(), error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = append(s.keys, key)
	return func() {}, nil
}

func (s *lockingStore) lockedKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.keys)
}

func TestNewServiceUsesStoreLocker(t *testing.T) {
	t.Parallel()
	b := setup(t)
	store := &lockingStore{Store: b.store}
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: store, Clock: b.clock})
	require.NoError(t, err)
	member := uuid.New()

	_, err = service.RecordWorkoutBasic(context.Background(), compat.ServiceAuth(), basicParams(member, noon, ""))
	require.NoError(t, err)
	require.Equal(t, []string{compat.UserLockKey(member)}, store.lockedKeys())
}

func TestNewServiceRequiresAnnouncerForPlainStore(t *testing.T) {
	t.Parallel()
	b := setup(t)
	store := challengeOnlyStore{Store: b.store}

	_, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: store, Clock: b.clock, Recoverer: &fakeRecoverer{}})
	require.ErrorContains(t, err, "Config.Announcer")
}

// challengeOnlyStore has the reads of compat.Store and nothing more, so it
// is neither a workout.Locker, a CheckInAnnouncer nor a recovery.Store.
type challengeOnlyStore struct{ compat.Store }

func TestNewServiceRequiresRecovererForPlainStore(t *testing.T) {
	t.Parallel()
	b := setup(t)
	store := challengeOnlyStore{Store: b.store}

	_, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: store, Announcer: b.store, Clock: b.clock})
	require.ErrorContains(t, err, "Config.Recoverer")

	service, err := compat.NewService(compat.Config{
		Pipeline: b.pipeline, Store: store, Announcer: b.store, Clock: b.clock, Recoverer: &fakeRecoverer{},
	})
	require.NoError(t, err)
	reply, err := service.RecordWorkoutBasic(context.Background(), compat.ServiceAuth(), basicParams(uuid.New(), noon, ""))
	require.NoError(t, err)
	require.True(t, reply.Success, "an in-process lock serializes the calls")
}
