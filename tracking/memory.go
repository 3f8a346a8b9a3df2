package tracking

import (
	"context"
	"sync"
	"time"

	"github.com/google/uuid"
)

// DefaultMemoryCapacity is the number of events a Memory tracker keeps when
// its capacity is not set.
const DefaultMemoryCapacity = 100_000

// Memory is a Tracker that keeps the latest events in memory, for tests,
// development and the statistics of a single process. It is safe for
// concurrent use. Its zero value is not usable; create it with NewMemory.
type Memory struct {
	// mu guards the fields below it.
	mu       sync.Mutex
	events   []Event
	next     int
	full     bool
	counts   map[string]int
	capacity int
}

// NewMemory returns a Memory tracker that keeps the latest capacity events;
// capacity 0 means DefaultMemoryCapacity.
func NewMemory(capacity int) *Memory {
	if capacity <= 0 {
		capacity = DefaultMemoryCapacity
	}
	return &Memory{
		events:   make([]Event, capacity),
		counts:   map[string]int{},
		capacity: capacity,
	}
}

// Track stores the event, dropping the oldest one when the tracker is full.
// An event without ID gets a new one.
func (m *Memory) Track(_ context.Context, e Event) {
	if e.ID == uuid.Nil {
		e.ID = uuid.New()
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	m.events[m.next] = e
	m.next++
	if m.next == m.capacity {
		m.next, m.full = 0, true
	}
	m.counts[e.Action+"/"+e.Status]++
}

// Events returns the kept events in the order they were tracked.
func (m *Memory) Events() []Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.full {
		return append([]Event(nil), m.events[:m.next]...)
	}
	out := append([]Event(nil), m.events[m.next:]...)
	return append(out, m.events[:m.next]...)
}

// WorkoutEvents returns the kept events of one workout in tracking order.
func (m *Memory) WorkoutEvents(workoutID uuid.UUID) []Event {
	var out []Event
	for _, e := range m.Events() {
		if e.WorkoutID == workoutID {
			out = append(out, e)
		}
	}
	return out
}

// Count returns how many events with the action and status were tracked
// since the tracker was created, including events no longer kept.
func (m *Memory) Count(action, status string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.counts[action+"/"+status]
}

// Stats returns the attempt figures of every stage over the window ending
// at now, merged with the queue's job counts.
func (m *Memory) Stats(queue []QueueStats, window time.Duration, now time.Time) []StageStats {
	return WithQueue(Summarize(m.Events(), window, now), queue, window, now)
}
