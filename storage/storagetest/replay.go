package storagetest

import (
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var replayTests = []testCase{
	{name: "idempotency key returns first workout", run: testKeyReplaysFirst},
	{name: "idempotency key is per user", run: testKeyPerUser},
	{name: "idempotency key turns off content rule", run: testKeyTurnsOffContentRule},
	{name: "replay window", run: testReplayWindow},
	{name: "zero window stores every workout", run: testZeroWindow},
	{name: "concurrent inserts with key store one", run: testConcurrentInsertsWithKey},
	{name: "concurrent identical inserts store one", run: testConcurrentInsertsWithoutKey},
}

func testKeyReplaysFirst(t *testing.T, s Adapter) {
	userID := uuid.New()
	first := newWorkout(userID, uuid.New())
	first.IdempotencyKey = "treino-123"
	stored := insert(t, s, first, baseTime)

	again := newWorkout(userID, uuid.Nil)
	again.IdempotencyKey = first.IdempotencyKey
	again.Name = "Outro nome"
	got, replayed, err := s.InsertWorkout(t.Context(), insertRequest(again, baseTime.Add(time.Hour)))

	require.NoError(t, err)
	require.True(t, replayed)
	requireWorkout(t, stored, got)
	_, err = s.Workout(t.Context(), again.ID)
	require.ErrorIs(t, err, storage.ErrNotFound, "the replay stores no workout")
	_, err = s.Status(t.Context(), again.ID)
	require.ErrorIs(t, err, storage.ErrNotFound, "the replay queues nothing")
	require.Len(t, claim(t, s, "worker", baseTime.Add(2*time.Hour)), 2, "only the first workout's jobs exist")
}

func testKeyPerUser(t *testing.T, s Adapter) {
	first := newWorkout(uuid.New(), uuid.Nil)
	first.IdempotencyKey = "treino-123"
	insert(t, s, first, baseTime)

	other := newWorkout(uuid.New(), uuid.Nil)
	other.IdempotencyKey = first.IdempotencyKey
	got := insert(t, s, other, baseTime)

	require.Equal(t, other.ID, got.ID)
}

func testKeyTurnsOffContentRule(t *testing.T, s Adapter) {
	userID := uuid.New()
	first := newWorkout(userID, uuid.Nil)
	first.IdempotencyKey = "a"
	insert(t, s, first, baseTime)

	second := newWorkout(userID, uuid.Nil)
	second.IdempotencyKey = "b"
	got := insert(t, s, second, baseTime.Add(time.Second))

	require.Equal(t, second.ID, got.ID, "a workout with its own key is stored even with the same content")
}

func testReplayWindow(t *testing.T, s Adapter) {
	tests := []struct {
		name     string
		edit     func(w *workout.Workout)
		after    time.Duration
		replayed bool
	}{
		{name: "same content right away", edit: func(*workout.Workout) {}, replayed: true},
		{name: "date 60s apart", edit: func(w *workout.Workout) { w.Date = w.Date.Add(60 * time.Second) }, replayed: true},
		{name: "created 60s later", edit: func(*workout.Workout) {}, after: 60 * time.Second, replayed: true},
		{name: "date 61s apart", edit: func(w *workout.Workout) { w.Date = w.Date.Add(61 * time.Second) }},
		{name: "created 61s later", edit: func(*workout.Workout) {}, after: 61 * time.Second},
		{name: "different notes", edit: func(w *workout.Workout) { w.Notes = "Outro dia" }},
		{name: "different duration", edit: func(w *workout.Workout) { w.DurationMinutes++ }},
		{name: "different challenge", edit: func(w *workout.Workout) { w.ChallengeID = uuid.New() }},
		{name: "different user", edit: func(w *workout.Workout) { w.UserID = uuid.New() }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			first := insert(t, s, newWorkout(uuid.New(), uuid.New()), baseTime)
			again := first
			again.ID = uuid.New()
			tc.edit(&again)

			got, replayed, err := s.InsertWorkout(t.Context(), insertRequest(again, baseTime.Add(tc.after)))

			require.NoError(t, err)
			require.Equal(t, tc.replayed, replayed)
			if tc.replayed {
				require.Equal(t, first.ID, got.ID)
				return
			}
			require.Equal(t, again.ID, got.ID)
		})
	}
}

func testZeroWindow(t *testing.T, s Adapter) {
	first := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	again := first
	again.ID = uuid.New()
	req := insertRequest(again, baseTime)
	req.ReplayWindow = 0

	got, replayed, err := s.InsertWorkout(t.Context(), req)

	require.NoError(t, err)
	require.False(t, replayed)
	require.Equal(t, again.ID, got.ID)
}

func testConcurrentInsertsWithKey(t *testing.T, s Adapter) {
	template := newWorkout(uuid.New(), uuid.New())
	template.IdempotencyKey = "treino-concorrente"

	requireConcurrentInsertsStoreOne(t, s, template)
}

func testConcurrentInsertsWithoutKey(t *testing.T, s Adapter) {
	requireConcurrentInsertsStoreOne(t, s, newWorkout(uuid.New(), uuid.New()))
}

// requireConcurrentInsertsStoreOne inserts 20 copies of template, each with
// its own id, at once and requires that one is stored and every caller gets
// its id.
func requireConcurrentInsertsStoreOne(t *testing.T, s Adapter, template workout.Workout) {
	t.Helper()
	const callers = 20

	start := make(chan struct{})
	ids := make([]uuid.UUID, callers)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			w := template
			w.ID = uuid.New()
			<-start
			stored, _, err := s.InsertWorkout(t.Context(), insertRequest(w, baseTime))
			ids[i], errs[i] = stored.ID, err
		})
	}
	close(start)
	wg.Wait()

	for i := range callers {
		require.NoError(t, errs[i], "caller %d", i)
		require.Equal(t, ids[0], ids[i], "caller %d", i)
	}
	workouts, err := s.UserWorkouts(t.Context(), template.UserID)
	require.NoError(t, err)
	require.Len(t, workouts, 1)
	require.Len(t, status(t, s, ids[0]).Jobs, 2)
}
