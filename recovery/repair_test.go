package recovery_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// faultCase injects one fault into a store fed the sample workouts.
type faultCase struct {
	name string
	cfg  envConfig
	// extra is an additional workout that arrange stores with the fault,
	// and that the control store gets unless deleted is set.
	extra   *workout.Workout
	deleted bool
	// arrange feeds the faulty env and injects the fault.
	arrange func(t *testing.T, e *env, workouts []workout.Workout)
	// want counts the findings of Diagnose; repaired counts the findings
	// Repair repairs.
	want     map[recovery.Kind]int
	repaired map[recovery.Kind]int
	repair   recovery.Options
	// heal runs after Repair and before the jobs left in the queue run.
	heal func(t *testing.T, e *env)
}

// missingRanking is what Diagnose finds when the ranking stage never ran:
// A and B each lack their progress row, two check-ins and the points of
// the two workouts that own them.
var missingRanking = map[recovery.Kind]int{
	recovery.KindProgressDrift:      2,
	recovery.KindCheckInDrift:       4,
	recovery.KindWorkoutPointsDrift: 4,
}

func withCounts(base map[recovery.Kind]int, kind recovery.Kind, count int) map[recovery.Kind]int {
	counts := map[recovery.Kind]int{kind: count}
	for k, v := range base {
		counts[k] = v
	}
	return counts
}

func faultCases(t *testing.T) []faultCase {
	extraB := newWorkout(t, 9, userB, "2026-06-07 07:00", 50, challengeID)
	extraA := newWorkout(t, 9, userA, "2026-06-06 09:00", 50, challengeID)

	return []faultCase{
		{
			name: "stage error until dead",
			cfg:  envConfig{maxAttempts: 1},
			arrange: func(t *testing.T, e *env, workouts []workout.Workout) {
				e.ranking.set(faultError)
				e.feed(t, workouts...)
			},
			want:     withCounts(missingRanking, recovery.KindDead, 8),
			repaired: withCounts(missingRanking, recovery.KindDead, 8),
			repair:   recovery.Options{RetryDead: true},
			heal:     func(t *testing.T, e *env) { e.ranking.set(faultNone) },
		},
		{
			name: "stage error awaiting retry",
			cfg:  envConfig{maxAttempts: 3},
			arrange: func(t *testing.T, e *env, workouts []workout.Workout) {
				e.ranking.set(faultError)
				e.feed(t, workouts...)
			},
			want:     withCounts(missingRanking, recovery.KindFailed, 8),
			repaired: missingRanking,
			heal: func(t *testing.T, e *env) {
				e.ranking.set(faultNone)
				e.clock.Advance(time.Minute)
			},
		},
		{
			name: "stage panic retried by policy",
			cfg: envConfig{maxAttempts: 1, retryDeadPolicy: func(job workout.Job) bool {
				return job.Stage == workout.StageDashboard
			}},
			arrange: func(t *testing.T, e *env, workouts []workout.Workout) {
				e.dashboard.set(faultPanic)
				e.feed(t, workouts...)
			},
			want:     map[recovery.Kind]int{recovery.KindDead: 8},
			repaired: map[recovery.Kind]int{recovery.KindDead: 8},
			heal:     func(t *testing.T, e *env) { e.dashboard.set(faultNone) },
		},
		{
			name: "worker killed mid-stage",
			arrange: func(t *testing.T, e *env, workouts []workout.Workout) {
				e.insert(t, workouts...)
				claimed, err := e.store.ClaimJobs(context.Background(), workout.ClaimRequest{
					Owner: "killed", Stages: e.pipeline.Stages(), Limit: 100, Now: e.clock.Now(), Lease: 30 * time.Second,
				})
				require.NoError(t, err)
				require.Len(t, claimed, 16)
				e.clock.Advance(31 * time.Second)
			},
			want:     withCounts(missingRanking, recovery.KindExpiredLease, 16),
			repaired: missingRanking,
		},
		{
			name:  "workout written behind the library's back",
			extra: &extraB,
			arrange: func(t *testing.T, e *env, workouts []workout.Workout) {
				e.feed(t, workouts...)
				_, err := e.store.InsertWorkoutWithoutQueue(context.Background(), extraB, e.clock.Now())
				require.NoError(t, err)
			},
			want: map[recovery.Kind]int{
				recovery.KindUnqueued: 1, recovery.KindCheckInDrift: 1, recovery.KindProgressDrift: 1,
				recovery.KindWorkoutPointsDrift: 1, recovery.KindDashboardDrift: 1,
			},
			repaired: map[recovery.Kind]int{
				recovery.KindUnqueued: 1, recovery.KindCheckInDrift: 1, recovery.KindProgressDrift: 1,
				recovery.KindWorkoutPointsDrift: 1, recovery.KindDashboardDrift: 1,
			},
		},
		{
			name:    "check-in of a deleted workout",
			extra:   &extraA,
			deleted: true,
			arrange: func(t *testing.T, e *env, workouts []workout.Workout) {
				e.feed(t, append(workouts, extraA)...)
				require.NoError(t, e.store.DeleteWorkoutWithoutQueue(context.Background(), extraA.ID))
			},
			want: map[recovery.Kind]int{
				recovery.KindOrphanCheckIn: 1, recovery.KindProgressDrift: 1, recovery.KindDashboardDrift: 1,
			},
			repaired: map[recovery.Kind]int{
				recovery.KindOrphanCheckIn: 1, recovery.KindProgressDrift: 1, recovery.KindDashboardDrift: 1,
			},
		},
		{
			name: "duplicate check-in of a day",
			arrange: func(t *testing.T, e *env, workouts []workout.Workout) {
				e.feed(t, workouts...)
				checkIns, err := e.store.CheckIns(context.Background(), challengeID, userA)
				require.NoError(t, err)
				duplicate := checkIns[0]
				duplicate.ID = uuid.New()
				duplicate.WorkoutID = workouts[1].ID
				duplicate.CheckInAt = workouts[1].Date
				require.NoError(t, e.store.InsertRawCheckIn(context.Background(), duplicate))
			},
			want:     map[recovery.Kind]int{recovery.KindDuplicateCheckIn: 1},
			repaired: map[recovery.Kind]int{recovery.KindDuplicateCheckIn: 1},
		},
		{
			name: "corrupted progress points",
			arrange: func(t *testing.T, e *env, workouts []workout.Workout) {
				e.feed(t, workouts...)
				progress, err := e.store.UserProgress(context.Background(), challengeID, userA)
				require.NoError(t, err)
				progress.Points += 5
				require.NoError(t, e.store.PutRawProgress(context.Background(), progress))
			},
			want:     map[recovery.Kind]int{recovery.KindProgressDrift: 1},
			repaired: map[recovery.Kind]int{recovery.KindProgressDrift: 1},
		},
		{
			name: "stale positions",
			arrange: func(t *testing.T, e *env, workouts []workout.Workout) {
				e.feed(t, workouts...)
				rows, err := e.store.Ranking(context.Background(), challengeID)
				require.NoError(t, err)
				require.Len(t, rows, 2)
				rows[0].Position, rows[1].Position = 2, 1
				for _, row := range rows {
					require.NoError(t, e.store.PutRawProgress(context.Background(), row))
				}
			},
			want:     map[recovery.Kind]int{recovery.KindPositionDrift: 2},
			repaired: map[recovery.Kind]int{recovery.KindPositionDrift: 2},
		},
		{
			name: "corrupted dashboard points",
			arrange: func(t *testing.T, e *env, workouts []workout.Workout) {
				e.feed(t, workouts...)
				d, err := e.store.Dashboard(context.Background(), userB)
				require.NoError(t, err)
				d.TotalPoints, d.Level = 999, 10
				require.NoError(t, e.store.SaveDashboard(context.Background(), d))
			},
			want:     map[recovery.Kind]int{recovery.KindDashboardDrift: 1},
			repaired: map[recovery.Kind]int{recovery.KindDashboardDrift: 1},
		},
	}
}

func TestRepairRestoresFaultFreeState(t *testing.T) {
	t.Parallel()
	for _, tc := range faultCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			workouts := sampleWorkouts(t)
			control := newEnv(t, envConfig{})
			control.feed(t, workouts...)
			if tc.extra != nil && !tc.deleted {
				control.feed(t, *tc.extra)
			}

			e := newEnv(t, tc.cfg)
			tc.arrange(t, e, workouts)
			ids := workoutIDs(workouts)
			if tc.extra != nil {
				ids = append(ids, tc.extra.ID)
			}

			diagnosed := e.diagnose(t, recovery.Options{})
			require.Equal(t, tc.want, diagnosed.Counts(), "diagnosis: %+v", diagnosed.Findings)

			before := e.snapshot(t, ids...)
			dryOptions := tc.repair
			dryOptions.DryRun = true
			dry := e.repair(t, dryOptions)
			require.Equal(t, tc.want, dry.Counts())
			require.Equal(t, before, e.snapshot(t, ids...), "a dry run must change nothing")
			require.Zero(t, e.recoveryEvents(), "a dry run must track nothing")
			for _, f := range dry.Findings {
				require.False(t, f.Repaired, "dry run finding %+v", f)
			}

			repaired := e.repair(t, tc.repair)
			require.Equal(t, tc.want, repaired.Counts())
			for _, kind := range recovery.Kinds {
				require.Equal(t, tc.repaired[kind], repaired.RepairedCount(kind), "repaired %s", kind)
			}
			requireRecoveryEvents(t, e)

			if tc.heal != nil {
				tc.heal(t, e)
			}
			e.runPending(t)
			require.Equal(t, control.results(t), e.results(t))

			after := e.diagnose(t, recovery.Options{})
			require.True(t, after.Clean(), "findings after repair: %+v", after.Findings)
		})
	}
}

// requireRecoveryEvents checks that repairs were tracked, each with the user
// it concerns.
func requireRecoveryEvents(t *testing.T, e *env) {
	t.Helper()
	require.Positive(t, e.recoveryEvents())
	for _, event := range e.tracker.Events() {
		if event.Action != tracking.ActionRecovery {
			continue
		}
		require.Equal(t, tracking.StatusSucceeded, event.Status)
		require.NotEqual(t, uuid.Nil, event.UserID)
		require.NotEmpty(t, event.RequestData)
	}
}

func TestDiagnoseIgnoresHealthyStore(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{})
	e.feed(t, sampleWorkouts(t)...)

	report := e.diagnose(t, recovery.Options{})
	require.True(t, report.Clean(), "findings: %+v", report.Findings)
	require.Equal(t, e.pipeline.Stages(), []string{workout.StageRanking, workout.StageDashboard})
}

func TestCleanReportJSON(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{})
	e.feed(t, sampleWorkouts(t)...)

	encoded, err := json.Marshal(e.diagnose(t, recovery.Options{}))
	require.NoError(t, err)
	var fields map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(encoded, &fields))
	require.JSONEq(t, "[]", string(fields["findings"]))
	require.NotContains(t, string(fields["options"]), "dry_run", "Diagnose never writes")
}

func TestDiagnoseReportsIdsAndDetails(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{})
	workouts := sampleWorkouts(t)
	e.feed(t, workouts...)
	progress, err := e.store.UserProgress(context.Background(), challengeID, userA)
	require.NoError(t, err)
	progress.Points = 25
	require.NoError(t, e.store.PutRawProgress(context.Background(), progress))

	report := e.diagnose(t, recovery.Options{})
	findings := report.Of(recovery.KindProgressDrift)
	require.Len(t, findings, 1)
	require.Equal(t, userA, findings[0].UserID)
	require.Equal(t, challengeID, findings[0].ChallengeID)
	require.Equal(t, "points 25, expected 20", findings[0].Detail)
	require.Equal(t, recovery.ActionRecomputeRanking, findings[0].Action)
	require.Equal(t, []uuid.UUID{userA}, report.UserIDs(recovery.KindProgressDrift))
	require.False(t, report.Repair)
}

func TestRepairRefreshesPositions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{})
	e.feed(t, sampleWorkouts(t)...)

	// B's points jump above A's without a position refresh, as a writer
	// that skips the ranking rules would leave them.
	progress, err := e.store.UserProgress(context.Background(), challengeID, userB)
	require.NoError(t, err)
	progress.Points = 100
	require.NoError(t, e.store.PutRawProgress(context.Background(), progress))
	require.NoError(t, e.store.RefreshPositions(context.Background(), challengeID, e.clock.Now()))
	rows, err := e.store.Ranking(context.Background(), challengeID)
	require.NoError(t, err)
	require.Equal(t, userB, rows[0].UserID)

	e.repair(t, recovery.Options{})
	rows, err = e.store.Ranking(context.Background(), challengeID)
	require.NoError(t, err)
	require.Equal(t, userA, rows[0].UserID, "A leads again on workouts in the window")
	require.Equal(t, 1, rows[0].Position)
	require.Equal(t, 2, rows[1].Position)
}

func TestRepairSkipsDroppedParticipant(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{})
	e.feed(t, sampleWorkouts(t)...)

	// A check-in of the dropped participant is not earned.
	w := sampleWorkouts(t)[7]
	require.NoError(t, e.store.InsertRawCheckIn(context.Background(), ranking.CheckIn{
		ID: uuid.New(), ChallengeID: challengeID, UserID: userC, Day: workout.LocalDateOf(w.Date, saoPaulo),
		CheckInAt: w.Date, Points: 10, WorkoutID: w.ID,
	}))

	report := e.repair(t, recovery.Options{})
	require.Equal(t, map[recovery.Kind]int{recovery.KindCheckInDrift: 1}, report.Counts())
	checkIns, err := e.store.CheckIns(context.Background(), challengeID, userC)
	require.NoError(t, err)
	require.Empty(t, checkIns)
}

// failingSaves is a store whose ranking results cannot be saved.
type failingSaves struct {
	*memstore.Store
}

func (failingSaves) SaveUserResult(context.Context, ranking.UserResult, time.Time) error {
	return errors.New("disk full")
}

func TestRepairRecordsFailedAction(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{})
	e.feed(t, sampleWorkouts(t)...)
	progress, err := e.store.UserProgress(context.Background(), challengeID, userA)
	require.NoError(t, err)
	progress.Points = 25
	require.NoError(t, e.store.PutRawProgress(context.Background(), progress))

	recoverer, err := recovery.NewRecoverer(recovery.Config{
		Store: failingSaves{e.store}, Pipeline: e.pipeline, Clock: e.clock, Tracker: e.tracker,
	})
	require.NoError(t, err)
	report, err := recoverer.Repair(context.Background(), recovery.Options{})
	require.ErrorContains(t, err, "disk full")

	findings := report.Of(recovery.KindProgressDrift)
	require.Len(t, findings, 1)
	require.False(t, findings[0].Repaired)
	require.Contains(t, findings[0].Error, "disk full")
	require.Equal(t, 1, e.tracker.Count(tracking.ActionRecovery, tracking.StatusFailed))
	require.Zero(t, e.tracker.Count(tracking.ActionRecovery, tracking.StatusSucceeded))
}

func TestNewRecovererRequiresStoreAndPipeline(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{})

	_, err := recovery.NewRecoverer(recovery.Config{Pipeline: e.pipeline})
	require.ErrorContains(t, err, "Config.Store is required")
	_, err = recovery.NewRecoverer(recovery.Config{Store: e.store})
	require.ErrorContains(t, err, "Config.Pipeline is required")
}
