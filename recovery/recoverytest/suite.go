// Package recoverytest is the conformance suite of the storage methods that
// recovery and the maintenance runner need: recovery.Store's queue scans
// and result index, and workout.LeaderElector. Every storage adapter runs
// it next to the storage/storagetest suite:
//
//	func TestRecoveryConformance(t *testing.T) {
//		recoverytest.Run(t, func(t *testing.T) recoverytest.Harness {
//			s := memstore.New()
//			return recoverytest.Harness{Store: s, InsertWorkoutWithoutQueue: ...}
//		})
//	}
//
// Each check gets a new harness from newHarness, one after the other, so an
// adapter may reuse one database as long as newHarness empties it first.
package recoverytest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/workout"
)

// Adapter is the set of interfaces the suite checks, plus workout.Store to
// set up the queue.
type Adapter interface {
	recovery.Store
	workout.Store
	workout.LeaderElector
}

// Harness is an empty adapter under test and the fault injection the suite
// needs, which each adapter provides in its own way, such as a plain SQL
// insert for PostgreSQL.
type Harness struct {
	Store Adapter
	// InsertWorkoutWithoutQueue stores w with CreatedAt and UpdatedAt set
	// to now and without its queue row or jobs, as a writer that bypasses
	// the library would.
	InsertWorkoutWithoutQueue func(ctx context.Context, w workout.Workout, now time.Time) error
}

// testCase is one conformance check, run against a new harness.
type testCase struct {
	name string
	run  func(t *testing.T, h Harness)
}

// Run runs the suite against the harnesses newHarness returns.
func Run(t *testing.T, newHarness func(t *testing.T) Harness) {
	t.Helper()

	groups := []struct {
		name  string
		cases []testCase
	}{
		{"Unqueued", unqueuedTests},
		{"Jobs", jobTests},
		{"Index", indexTests},
		{"Lead", leadTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range g.cases {
				t.Run(tc.name, func(t *testing.T) { tc.run(t, newHarness(t)) })
			}
		})
	}
}

// baseTime is the fixed "now" of the suite.
var baseTime = time.Date(2024, time.June, 3, 12, 0, 0, 0, time.UTC)

var bothStages = []string{workout.StageRanking, workout.StageDashboard}

// newWorkout returns a valid workout of the user with a new id.
func newWorkout(userID, challengeID uuid.UUID) workout.Workout {
	return workout.Workout{
		ID: uuid.New(), UserID: userID, Name: "Corrida", Type: "Run",
		Date: baseTime.Add(-2 * time.Hour), DurationMinutes: 50, ChallengeID: challengeID,
	}
}

// insert records w at now with the given stages, as the library does.
func insert(t *testing.T, s Adapter, w workout.Workout, now time.Time, stages ...string) {
	t.Helper()
	_, replayed, err := s.InsertWorkout(t.Context(), workout.InsertRequest{Workout: w, Stages: stages, Now: now})
	require.NoError(t, err)
	require.False(t, replayed)
}

// insertForeign stores w at now without its queue row.
func insertForeign(t *testing.T, h Harness, w workout.Workout, now time.Time) {
	t.Helper()
	require.NoError(t, h.InsertWorkoutWithoutQueue(t.Context(), w, now))
}

func ids(workouts []workout.Workout) []uuid.UUID {
	out := make([]uuid.UUID, len(workouts))
	for i, w := range workouts {
		out[i] = w.ID
	}
	return out
}
