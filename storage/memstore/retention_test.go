package memstore_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
)

var retentionStages = []string{workout.StageRanking, workout.StageDashboard}

// retentionStore is a Store whose workouts the test drives through the
// queue at chosen times.
type retentionStore struct {
	t     *testing.T
	store *memstore.Store
}

// record inserts a workout at the time and returns its id.
func (r retentionStore) record(at time.Time) uuid.UUID {
	w := workout.Workout{ID: uuid.New(), UserID: uuid.New(), Name: "Corrida", Type: "Run",
		Date: at.Add(-time.Hour), DurationMinutes: 50}
	_, _, err := r.store.InsertWorkout(r.t.Context(), workout.InsertRequest{Workout: w, Stages: retentionStages, Now: at})
	require.NoError(r.t, err)
	return w.ID
}

// finish claims every due job at the time, completes the ones of the
// stages in done and marks the others dead.
func (r retentionStore) finish(at time.Time, done ...string) {
	r.t.Helper()
	jobs, err := r.store.ClaimJobs(r.t.Context(), workout.ClaimRequest{
		Owner: "retention-test", Stages: retentionStages, Limit: 10, Now: at, Lease: time.Minute})
	require.NoError(r.t, err)
	require.NotEmpty(r.t, jobs)
	for _, job := range jobs {
		if slices.Contains(done, job.Stage) {
			require.NoError(r.t, r.store.CompleteJob(r.t.Context(), job, at))
			continue
		}
		require.NoError(r.t, r.store.FailJob(r.t.Context(), job, workout.Failure{Message: "boom", RetryAt: at, Dead: true, Now: at}))
	}
}

// deleteWorkout deletes the workout at the time without queueing a stage,
// as a plain DELETE of another writer does, so its jobs stay as they are.
func (r retentionStore) deleteWorkout(id uuid.UUID, at time.Time) {
	_, err := r.store.DeleteWorkout(r.t.Context(), id, nil, at)
	require.NoError(r.t, err)
}

// jobCounts sums the queue's done and dead jobs over every stage.
func (r retentionStore) jobCounts() (done, dead int) {
	stats, err := r.store.QueueStats(r.t.Context())
	require.NoError(r.t, err)
	for _, s := range stats {
		done += s.Done
		dead += s.Dead
	}
	return done, dead
}

func TestPurgeExpiredKeepsRecentAndFailures(t *testing.T) {
	t.Parallel()
	r := retentionStore{t: t, store: memstore.New()}
	now := time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)
	age, failureAge := 30*24*time.Hour, 90*24*time.Hour
	outside, inside := now.Add(-age-time.Second), now.Add(-age+time.Second)
	both := []string{workout.StageRanking, workout.StageDashboard}

	expired1, expired2, recent := r.record(outside), uuid.Nil, uuid.Nil
	r.finish(outside, both...)
	expired2 = r.record(outside)
	r.finish(outside, both...)
	recent = r.record(inside)
	r.finish(inside, both...)

	// An unprocessed workout: its dead job keeps it, however old.
	veryOld := now.Add(-2 * failureAge)
	unfinished := r.record(veryOld)
	r.finish(veryOld, workout.StageRanking)

	deletedLongAgo := r.record(outside)
	r.finish(outside, both...)
	r.deleteWorkout(deletedLongAgo, outside)
	deletedRecently := r.record(inside)
	r.finish(inside, both...)
	r.deleteWorkout(deletedRecently, inside)

	policy := workout.RetentionPolicy{Age: age, FailureAge: failureAge, BatchSize: 1}
	purged, err := r.store.PurgeExpired(t.Context(), policy, now)
	require.NoError(t, err)
	require.Equal(t, workout.Purged{QueueRows: 2, Jobs: 6}, purged)

	for _, id := range []uuid.UUID{expired1, expired2} {
		_, err := r.store.Status(t.Context(), id)
		require.ErrorIs(t, err, storage.ErrNotFound, "processed workout %s", id)
	}
	for _, id := range []uuid.UUID{recent, unfinished} {
		_, err := r.store.Status(t.Context(), id)
		require.NoError(t, err, "kept workout %s", id)
	}
	done, dead := r.jobCounts()
	require.Equal(t, 5, done, "done jobs of recent, unfinished and deletedRecently")
	require.Equal(t, 1, dead, "dead job of unfinished")

	again, err := r.store.PurgeExpired(t.Context(), policy, now)
	require.NoError(t, err)
	require.Zero(t, again.Total(), "second run")
}

func TestPurgeExpiredRejectsInvalidPolicy(t *testing.T) {
	t.Parallel()
	policy := workout.RetentionPolicy{Age: 48 * time.Hour, FailureAge: 24 * time.Hour}
	_, err := memstore.New().PurgeExpired(t.Context(), policy, time.Date(2024, time.June, 3, 12, 0, 0, 0, time.UTC))
	require.ErrorContains(t, err, "FailureAge")
}

func TestPurgeExpiredDeadJobsOfDeletedWorkouts(t *testing.T) {
	t.Parallel()
	r := retentionStore{t: t, store: memstore.New()}
	failureAge := 90 * 24 * time.Hour

	start := time.Date(2024, time.June, 3, 12, 0, 0, 0, time.UTC)
	id := r.record(start)
	r.finish(start)
	r.deleteWorkout(id, start)
	policy := workout.RetentionPolicy{FailureAge: failureAge}

	purged, err := r.store.PurgeExpired(t.Context(), policy, start.Add(failureAge-time.Hour))
	require.NoError(t, err)
	require.Zero(t, purged.Jobs, "dead jobs younger than FailureAge")

	purged, err = r.store.PurgeExpired(t.Context(), policy, start.Add(failureAge+time.Hour))
	require.NoError(t, err)
	require.Equal(t, 2, purged.Jobs, "dead jobs older than FailureAge")
	_, dead := r.jobCounts()
	require.Zero(t, dead)
}

func TestPurgeExpiredCheckInReplies(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	now := time.Date(2024, time.June, 3, 12, 0, 0, 0, time.UTC)
	age := 30 * 24 * time.Hour
	old, recent := uuid.New(), uuid.New()
	challenge := uuid.New()

	first, err := store.AnnounceCheckIn(t.Context(), old, challenge, now.Add(-age-time.Second))
	require.NoError(t, err)
	require.True(t, first)
	_, err = store.AnnounceCheckIn(t.Context(), recent, challenge, now.Add(-age+time.Second))
	require.NoError(t, err)

	purged, err := store.PurgeExpired(t.Context(), workout.RetentionPolicy{Age: age}, now)
	require.NoError(t, err)
	require.Equal(t, 1, purged.CheckInReplies)

	again, err := store.AnnounceCheckIn(t.Context(), recent, challenge, now)
	require.NoError(t, err)
	require.False(t, again, "the recent marker is kept")
	again, err = store.AnnounceCheckIn(t.Context(), old, challenge, now)
	require.NoError(t, err)
	require.True(t, again, "the old marker was deleted")
}
