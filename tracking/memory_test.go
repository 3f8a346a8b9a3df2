package tracking

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestMemoryKeepsLatestEvents(t *testing.T) {
	t.Parallel()
	m := NewMemory(3)
	for i := range 5 {
		m.Track(context.Background(), Event{Action: "ranking", Status: StatusSucceeded, Attempt: i})
	}

	events := m.Events()
	require.Len(t, events, 3)
	require.Equal(t, 2, events[0].Attempt)
	require.Equal(t, 4, events[2].Attempt)
	require.Equal(t, 5, m.Count("ranking", StatusSucceeded))
	require.NotEqual(t, uuid.Nil, events[0].ID)
}

func TestMemoryWorkoutEvents(t *testing.T) {
	t.Parallel()
	m := NewMemory(0)
	id := uuid.New()
	m.Track(context.Background(), Event{WorkoutID: id, Action: ActionRecord, Status: StatusSucceeded})
	m.Track(context.Background(), Event{WorkoutID: uuid.New(), Action: ActionRecord, Status: StatusSucceeded})
	m.Track(context.Background(), Event{WorkoutID: id, Action: "ranking", Status: StatusStarted})

	events := m.WorkoutEvents(id)
	require.Len(t, events, 2)
	require.Equal(t, "ranking", events[1].Action)
}

func TestMemoryConcurrentTrack(t *testing.T) {
	t.Parallel()
	m := NewMemory(50)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				m.Track(context.Background(), Event{Action: "dashboard", Status: StatusFailed, CreatedAt: time.Now()})
			}
		}()
	}
	wg.Wait()
	require.Equal(t, 800, m.Count("dashboard", StatusFailed))
	require.Len(t, m.Events(), 50)
}

func TestClientInfoRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := WithClientInfo(context.Background(), []byte(`{"app_version":"2.3.1"}`))
	require.JSONEq(t, `{"app_version":"2.3.1"}`, string(ClientInfoFrom(ctx)))
	require.Nil(t, ClientInfoFrom(context.Background()))
}
