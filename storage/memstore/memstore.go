// Package memstore is an in-memory storage adapter for workoutflow, for unit
// tests, examples and development. It implements workout.Store,
// workout.Notifier, ranking.Store and dashboard.Store with the same behaviour
// as the PostgreSQL adapter, which the storage/storagetest conformance suite
// checks, but it keeps nothing once the process ends.
//
// Every method takes one mutex, so a Store is safe for concurrent use, and
// every value it returns is a copy that the caller may change freely. Times
// are stored in UTC truncated to the microsecond, the precision of a
// PostgreSQL timestamptz.
package memstore

import (
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/internal/keylock"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// Store is an in-memory storage adapter. Create it with New.
type Store struct {
	mu sync.Mutex

	workouts map[uuid.UUID]workout.Workout
	// keys maps a user's idempotency key to the workout stored with it.
	keys  map[idempotencyKey]uuid.UUID
	queue map[uuid.UUID]queueRow
	jobs  map[jobKey]workout.Job

	challenges   map[uuid.UUID]ranking.Challenge
	participants map[memberKey]ranking.Participant
	profiles     map[uuid.UUID]workout.Profile
	progress     map[memberKey]ranking.Progress
	checkIns     map[memberKey][]ranking.CheckIn
	dashboards   map[uuid.UUID]dashboard.Dashboard

	// checkInReplies holds the markers of AnnounceCheckIn with the time
	// each was added; it is created on first use.
	checkInReplies map[checkInReply]time.Time

	// subscribers are the channels returned by Wakeups that are still open.
	subscribers map[chan struct{}]struct{}

	// locks holds the named locks of Lock; it has its own mutex.
	locks keylock.Set
}

type idempotencyKey struct {
	userID uuid.UUID
	key    string
}

type jobKey struct {
	workoutID uuid.UUID
	stage     string
}

// memberKey identifies a user's rows in one challenge.
type memberKey struct {
	challengeID uuid.UUID
	userID      uuid.UUID
}

// queueRow is a row of workout_processing_queue: a Status without its jobs.
type queueRow = workout.Status

// New returns an empty Store.
func New() *Store {
	return &Store{
		workouts:     make(map[uuid.UUID]workout.Workout),
		keys:         make(map[idempotencyKey]uuid.UUID),
		queue:        make(map[uuid.UUID]queueRow),
		jobs:         make(map[jobKey]workout.Job),
		challenges:   make(map[uuid.UUID]ranking.Challenge),
		participants: make(map[memberKey]ranking.Participant),
		profiles:     make(map[uuid.UUID]workout.Profile),
		progress:     make(map[memberKey]ranking.Progress),
		checkIns:     make(map[memberKey][]ranking.CheckIn),
		dashboards:   make(map[uuid.UUID]dashboard.Dashboard),
		subscribers:  make(map[chan struct{}]struct{}),
	}
}

// Interface checks.
var (
	_ workout.Store    = (*Store)(nil)
	_ workout.Notifier = (*Store)(nil)
	_ ranking.Store    = (*Store)(nil)
	_ dashboard.Store  = (*Store)(nil)
)

// storedTime returns t as PostgreSQL stores a timestamptz: in UTC with
// microsecond precision. The zero time stays zero.
func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// storedTimePtr is storedTime for an optional time, returning a new pointer.
func storedTimePtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	stored := storedTime(*t)
	return &stored
}
