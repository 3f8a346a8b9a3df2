// Package storagetest is the conformance suite that every workoutflow storage
// adapter must pass, so that a test run against the in-memory adapter means
// the same as one run against PostgreSQL.
//
// An adapter's own test calls Run with a function that returns a new, empty
// store:
//
//	func TestConformance(t *testing.T) {
//		storagetest.Run(t, func(t *testing.T) storagetest.Adapter { return memstore.New() })
//	}
//
// Each subtest gets its own store from newStore. Subtests run one after the
// other, so an adapter may hand out the same database each time as long as
// newStore empties it first. Times are compared at microsecond precision,
// the precision of a PostgreSQL timestamptz.
package storagetest

import (
	"testing"

	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// Adapter is the set of storage interfaces a workoutflow adapter implements.
// An adapter that also implements workout.Notifier has its wakeups checked.
type Adapter interface {
	workout.Store
	ranking.Store
	dashboard.Store
}

// testCase is one conformance check, run against a new store.
type testCase struct {
	name string
	run  func(t *testing.T, s Adapter)
}

// group is a named list of test cases, run as one subtest.
type group struct {
	name  string
	cases []testCase
}

// Run runs the conformance suite against the stores newStore returns.
func Run(t *testing.T, newStore func(t *testing.T) Adapter) {
	t.Helper()

	groups := []group{
		{name: "Insert", cases: insertTests},
		{name: "Replay", cases: replayTests},
		{name: "Edit", cases: editTests},
		{name: "Claim", cases: claimTests},
		{name: "Lease", cases: leaseTests},
		{name: "Fail", cases: failTests},
		{name: "Status", cases: statusTests},
		{name: "Wakeups", cases: wakeupTests},
		{name: "Challenges", cases: challengeTests},
		{name: "Results", cases: resultTests},
		{name: "Dashboard", cases: dashboardTests},
		{name: "Flow", cases: flowTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range g.cases {
				t.Run(tc.name, func(t *testing.T) {
					tc.run(t, newStore(t))
				})
			}
		})
	}
}
