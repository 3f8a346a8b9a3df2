package recovery_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/internal/clocktest"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

var saoPaulo = func() *time.Location {
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// Fixed ids, so that a faulty store and its fault-free control hold rows
// with the same keys.
var (
	challengeID = uuid.MustParse("6f1c9a10-0000-4000-8000-000000000001")
	userA       = uuid.MustParse("6f1c9a10-0000-4000-8000-0000000000aa")
	userB       = uuid.MustParse("6f1c9a10-0000-4000-8000-0000000000bb")
	// userC dropped out of the challenge; workouts recorded for it earn
	// nothing.
	userC = uuid.MustParse("6f1c9a10-0000-4000-8000-0000000000cc")
)

// localTime parses a Sao Paulo wall-clock time such as "2026-06-02 22:30".
func localTime(t *testing.T, value string) time.Time {
	t.Helper()
	parsed, err := time.ParseInLocation("2006-01-02 15:04", value, saoPaulo)
	require.NoError(t, err)
	return parsed
}

// manualClock is a clock that the test moves by hand.
type manualClock = clocktest.Manual

// Faults a faultyStage can inject. faultBlock signals started and waits
// for release before running the real stage.
const (
	faultNone  = ""
	faultError = "error"
	faultPanic = "panic"
	faultBlock = "block"
)

// faultyStage runs a real stage unless a fault is set.
type faultyStage struct {
	inner   workout.Stage
	started chan struct{}
	release chan struct{}

	mu    sync.Mutex
	fault string
}

func (s *faultyStage) set(fault string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = fault
}

func (s *faultyStage) Process(ctx context.Context, job workout.Job) error {
	s.mu.Lock()
	fault := s.fault
	s.mu.Unlock()

	switch fault {
	case faultError:
		return errors.New("injected stage failure")
	case faultPanic:
		panic("injected stage panic")
	case faultBlock:
		s.started <- struct{}{}
		select {
		case <-s.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return s.inner.Process(ctx, job)
}

// env is a pipeline with the real ranking and dashboard stages on a memory
// store, one challenge (1 to 21 June 2026 in Sao Paulo), members A and B,
// dropped participant C, and a Recoverer.
type env struct {
	store     *memstore.Store
	clock     *manualClock
	tracker   *tracking.Memory
	pipeline  *workout.Pipeline
	ranking   *faultyStage
	dashboard *faultyStage
	recoverer *recovery.Recoverer
}

// envConfig changes the defaults of newEnv.
type envConfig struct {
	maxAttempts     int
	retryDeadPolicy func(workout.Job) bool
}

func newEnv(t *testing.T, cfg envConfig) *env {
	t.Helper()
	e := &env{
		store:   memstore.New(),
		clock:   clocktest.New(localTime(t, "2026-06-10 12:00")),
		tracker: tracking.NewMemory(0),
	}
	e.seedChallenge(t)

	rankingStage, err := ranking.NewStage(ranking.StageConfig{Store: e.store, Clock: e.clock})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, rankingStage.Stop(context.Background())) })
	dashboardStage, err := dashboard.NewStage(dashboard.StageConfig{Store: e.store, Clock: e.clock})
	require.NoError(t, err)
	e.ranking = &faultyStage{inner: rankingStage, started: make(chan struct{}, 1), release: make(chan struct{})}
	e.dashboard = &faultyStage{inner: dashboardStage, started: make(chan struct{}, 1), release: make(chan struct{})}

	retry := workout.RetryPolicy{Base: time.Second, Max: time.Second}
	e.pipeline, err = workout.New(workout.Config{
		Store: e.store, Clock: e.clock, Tracker: e.tracker, WorkerID: "test",
		Stages: []workout.StageConfig{
			{Name: workout.StageRanking, Stage: e.ranking, MaxAttempts: cfg.maxAttempts, Retry: retry},
			{Name: workout.StageDashboard, Stage: e.dashboard, MaxAttempts: cfg.maxAttempts, Retry: retry},
		},
	})
	require.NoError(t, err)

	e.recoverer, err = recovery.NewRecoverer(recovery.Config{
		Store: e.store, Pipeline: e.pipeline, Clock: e.clock, Tracker: e.tracker,
		RetryDeadPolicy: cfg.retryDeadPolicy,
	})
	require.NoError(t, err)
	return e
}

func (e *env) seedChallenge(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, e.store.SaveChallenge(ctx, ranking.Challenge{
		ID:        challengeID,
		Title:     "21 dias",
		StartDate: localTime(t, "2026-06-01 00:00"),
		EndDate:   localTime(t, "2026-06-21 23:59"),
		TimeZone:  "America/Sao_Paulo",
		Active:    true,
	}))

	statuses := map[uuid.UUID]ranking.ParticipantStatus{
		userA: ranking.StatusActive, userB: ranking.StatusActive, userC: ranking.StatusDropped,
	}
	for userID, status := range statuses {
		require.NoError(t, e.store.SaveParticipant(ctx, ranking.Participant{
			ChallengeID: challengeID, UserID: userID, Status: status, JoinedAt: localTime(t, "2026-05-30 09:00"),
		}))
	}
	require.NoError(t, e.store.SaveProfile(ctx, workout.Profile{ID: userA, Name: "Ana"}))
	require.NoError(t, e.store.SaveProfile(ctx, workout.Profile{ID: userB, Name: "Bruno"}))
}

// sampleWorkouts returns the workouts every test feeds: check-ins for A
// and B, a second workout of a day, a short one, one past local midnight
// in UTC, one without challenge and one of the dropped participant.
func sampleWorkouts(t *testing.T) []workout.Workout {
	t.Helper()
	return []workout.Workout{
		newWorkout(t, 1, userA, "2026-06-02 10:00", 50, challengeID),
		newWorkout(t, 2, userA, "2026-06-02 18:00", 60, challengeID),
		newWorkout(t, 3, userA, "2026-06-03 22:30", 45, challengeID),
		newWorkout(t, 4, userA, "2026-06-04 08:00", 30, challengeID),
		newWorkout(t, 5, userB, "2026-06-02 07:00", 90, challengeID),
		newWorkout(t, 6, userB, "2026-06-05 19:00", 50, challengeID),
		newWorkout(t, 7, userB, "2026-06-06 07:00", 40, uuid.Nil),
		newWorkout(t, 8, userC, "2026-06-02 12:00", 50, challengeID),
	}
}

// newWorkout returns a workout with an id derived from n.
func newWorkout(t *testing.T, n byte, userID uuid.UUID, local string, minutes int, challenge uuid.UUID) workout.Workout {
	t.Helper()
	id := uuid.MustParse("00000000-0000-4000-8000-000000000000")
	id[15] = n
	return workout.Workout{
		ID: id, UserID: userID, Name: "Treino", Type: "Run",
		Date: localTime(t, local), DurationMinutes: minutes, ChallengeID: challenge,
	}
}

// insert stores the workouts with their queue rows and jobs, as Record
// does, keeping their ids.
func (e *env) insert(t *testing.T, workouts ...workout.Workout) {
	t.Helper()
	for _, w := range workouts {
		_, replayed, err := e.store.InsertWorkout(context.Background(), workout.InsertRequest{
			Workout: w, Stages: e.pipeline.Stages(), Now: e.clock.Now(),
		})
		require.NoError(t, err)
		require.False(t, replayed)
	}
}

// runPending runs every due job.
func (e *env) runPending(t *testing.T) {
	t.Helper()
	_, err := e.pipeline.RunPending(context.Background())
	require.NoError(t, err)
}

// feed inserts the workouts and runs their stages.
func (e *env) feed(t *testing.T, workouts ...workout.Workout) {
	t.Helper()
	e.insert(t, workouts...)
	e.runPending(t)
}

func (e *env) diagnose(t *testing.T, opts recovery.Options) *recovery.Report {
	t.Helper()
	report, err := e.recoverer.Diagnose(context.Background(), opts)
	require.NoError(t, err)
	return report
}

func (e *env) repair(t *testing.T, opts recovery.Options) *recovery.Report {
	t.Helper()
	report, err := e.recoverer.Repair(context.Background(), opts)
	require.NoError(t, err)
	return report
}

// recoveryEvents counts the tracked recovery actions.
func (e *env) recoveryEvents() int {
	return e.tracker.Count(tracking.ActionRecovery, tracking.StatusSucceeded) +
		e.tracker.Count(tracking.ActionRecovery, tracking.StatusFailed)
}

// results is everything the stages derive, with the write times cleared,
// because a repair writes later than the control run.
type results struct {
	Ranking    []ranking.Progress
	Progress   map[uuid.UUID]*ranking.Progress
	CheckIns   map[uuid.UUID][]ranking.CheckIn
	Dashboards map[uuid.UUID]*dashboard.Dashboard
	Workouts   map[uuid.UUID][]workout.Workout
}

func (e *env) results(t *testing.T) results {
	t.Helper()
	ctx := context.Background()
	r := results{
		Progress:   map[uuid.UUID]*ranking.Progress{},
		CheckIns:   map[uuid.UUID][]ranking.CheckIn{},
		Dashboards: map[uuid.UUID]*dashboard.Dashboard{},
		Workouts:   map[uuid.UUID][]workout.Workout{},
	}

	rows, err := e.store.Ranking(ctx, challengeID)
	require.NoError(t, err)
	for i := range rows {
		rows[i].UpdatedAt = time.Time{}
	}
	r.Ranking = rows

	for _, userID := range []uuid.UUID{userA, userB, userC} {
		if p, err := e.store.UserProgress(ctx, challengeID, userID); err == nil {
			p.UpdatedAt = time.Time{}
			r.Progress[userID] = &p
		}
		checkIns, err := e.store.CheckIns(ctx, challengeID, userID)
		require.NoError(t, err)
		r.CheckIns[userID] = checkIns
		if d, err := e.store.Dashboard(ctx, userID); err == nil {
			d.UpdatedAt = time.Time{}
			r.Dashboards[userID] = &d
		}
		workouts, err := e.store.UserWorkouts(ctx, userID)
		require.NoError(t, err)
		slices.SortFunc(workouts, func(a, b workout.Workout) int { return bytes.Compare(a.ID[:], b.ID[:]) })
		r.Workouts[userID] = workouts
	}
	return r
}

// snapshot is the whole observable state of a store, write times included,
// to prove that a run wrote nothing.
type snapshot struct {
	Results  results
	Ranking  []ranking.Progress
	Statuses map[uuid.UUID]workout.Status
	Jobs     []workout.Job
	Unqueued []workout.Workout
}

func (e *env) snapshot(t *testing.T, ids ...uuid.UUID) snapshot {
	t.Helper()
	ctx := context.Background()
	s := snapshot{Results: e.results(t), Statuses: map[uuid.UUID]workout.Status{}}

	var err error
	s.Ranking, err = e.store.Ranking(ctx, challengeID)
	require.NoError(t, err)
	for _, id := range ids {
		if status, err := e.store.Status(ctx, id); err == nil {
			s.Statuses[id] = status
		}
	}
	s.Jobs, err = e.store.UnhealthyJobs(ctx, time.Time{}, e.clock.Now())
	require.NoError(t, err)
	s.Unqueued, err = e.store.UnqueuedWorkouts(ctx, time.Time{}, e.pipeline.Stages())
	require.NoError(t, err)
	return s
}

func workoutIDs(workouts []workout.Workout) []uuid.UUID {
	ids := make([]uuid.UUID, len(workouts))
	for i, w := range workouts {
		ids[i] = w.ID
	}
	return ids
}
