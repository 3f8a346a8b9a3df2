package pgstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/workout"
)

// retentionDB is a Store whose rows the test drives through the queue at
// chosen times, with a connection for what the API cannot do.
type retentionDB struct {
	t     *testing.T
	store *pgstore.Store
	conn  *pgx.Conn
}

func newRetentionDB(t *testing.T) retentionDB {
	store, dsn := newStore(t)
	conn, err := pgx.Connect(t.Context(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(t.Context()) })
	return retentionDB{t: t, store: store, conn: conn}
}

// record inserts a workout at the time and returns its id.
func (r retentionDB) record(at time.Time) uuid.UUID {
	r.t.Helper()
	w := newWorkout(uuid.New())
	_, _, err := r.store.InsertWorkout(r.t.Context(), insertRequest(w, at))
	require.NoError(r.t, err)
	return w.ID
}

// finish claims every due job at the time, completes the ones of the
// stages in done and marks the others dead, dated at the time.
func (r retentionDB) finish(at time.Time, done ...string) {
	r.t.Helper()
	jobs, err := r.store.ClaimJobs(r.t.Context(), workout.ClaimRequest{
		Owner: "retention-test", Stages: bothStages, Limit: 10, Now: at, Lease: time.Minute})
	require.NoError(r.t, err)
	require.NotEmpty(r.t, jobs)
	for _, job := range jobs {
		if slices.Contains(done, job.Stage) {
			require.NoError(r.t, r.store.CompleteJob(r.t.Context(), job, at))
			continue
		}
		require.NoError(r.t, r.store.FailJob(r.t.Context(), job, workout.Failure{Message: "boom", RetryAt: at, Dead: true, Now: at}))
		r.exec(`UPDATE workoutflow_jobs SET updated_at = $3 WHERE workout_id = $1 AND stage = $2`,
			job.WorkoutID, job.Stage, at)
	}
}

// deleteBehindTheBack deletes the workout with plain SQL, as another
// writer does, so that its jobs stay as they are.
func (r retentionDB) deleteBehindTheBack(id uuid.UUID) {
	r.exec(`DELETE FROM workout_records WHERE id = $1`, id)
}

// logEvent inserts a tracking log row with the status and creation time.
func (r retentionDB) logEvent(status string, at time.Time) uuid.UUID {
	id := uuid.New()
	r.exec(`INSERT INTO workout_tracking_log (id, user_id, action, status, request_data, created_at)
		VALUES ($1, $2, 'ranking', $3, '{}', $4)`, id, uuid.New(), status, at)
	return id
}

func (r retentionDB) exec(sql string, args ...any) {
	r.t.Helper()
	_, err := r.conn.Exec(r.t.Context(), sql, args...)
	require.NoError(r.t, err)
}

func (r retentionDB) count(sql string, args ...any) int {
	r.t.Helper()
	var n int
	require.NoError(r.t, r.conn.QueryRow(r.t.Context(), sql, args...).Scan(&n))
	return n
}

func TestPurgeExpiredKeepsRecentAndFailures(t *testing.T) {
	t.Parallel()
	r := newRetentionDB(t)
	now := baseTime
	age, failureAge := 30*24*time.Hour, 90*24*time.Hour
	outside, inside := now.Add(-age-time.Second), now.Add(-age+time.Second)
	failedOutside, failedInside := now.Add(-failureAge-time.Second), now.Add(-failureAge+time.Second)

	expired1 := r.record(outside)
	r.finish(outside, bothStages...)
	expired2 := r.record(outside)
	r.finish(outside, bothStages...)
	recent := r.record(inside)
	r.finish(inside, bothStages...)

	// An unprocessed workout: its dead job keeps it, however old.
	unfinished := r.record(now.Add(-2 * failureAge))
	r.finish(now.Add(-2*failureAge), workout.StageRanking)

	deletedLongAgo := r.record(outside)
	r.finish(outside, bothStages...)
	r.deleteBehindTheBack(deletedLongAgo)
	deletedRecently := r.record(inside)
	r.finish(inside, bothStages...)
	r.deleteBehindTheBack(deletedRecently)
	deadLongAgo := r.record(failedOutside)
	r.finish(failedOutside)
	r.deleteBehindTheBack(deadLongAgo)
	deadRecently := r.record(failedInside)
	r.finish(failedInside)
	r.deleteBehindTheBack(deadRecently)

	kept := []uuid.UUID{
		r.logEvent("succeeded", inside),
		r.logEvent("failed", outside),
		r.logEvent("dead", failedInside),
	}
	r.logEvent("succeeded", outside)
	r.logEvent("started", outside)
	r.logEvent("failed", failedOutside)
	r.logEvent("dead", failedOutside)

	policy := workout.RetentionPolicy{Age: age, FailureAge: failureAge, BatchSize: 1}
	purged, err := r.store.PurgeExpired(t.Context(), policy, now)
	require.NoError(t, err)
	// Every record also wrote a "succeeded" log row at its time: six of the
	// eight are older than the age (four events above plus six records).
	require.Equal(t, workout.Purged{QueueRows: 2, Jobs: 8, LogEvents: 10}, purged)

	for _, id := range []uuid.UUID{expired1, expired2} {
		_, err := r.store.Status(t.Context(), id)
		require.ErrorIs(t, err, storage.ErrNotFound, "processed workout %s", id)
	}
	for _, id := range []uuid.UUID{recent, unfinished} {
		_, err := r.store.Status(t.Context(), id)
		require.NoError(t, err, "kept workout %s", id)
	}
	require.Equal(t, 2, r.count(`SELECT count(*) FROM workoutflow_jobs WHERE workout_id = $1`, deletedRecently),
		"done jobs of a recently deleted workout")
	require.Equal(t, 2, r.count(`SELECT count(*) FROM workoutflow_jobs WHERE workout_id = $1`, deadRecently),
		"dead jobs of a recently deleted workout")
	require.Equal(t, 8, r.count(`SELECT count(*) FROM workoutflow_jobs`), "jobs of recent, unfinished and recently deleted workouts")

	var logIDs []uuid.UUID
	rows, _ := r.conn.Query(t.Context(), `SELECT id FROM workout_tracking_log WHERE action <> 'record' ORDER BY created_at`)
	logIDs, err = pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	require.NoError(t, err)
	require.ElementsMatch(t, kept, logIDs)
	require.Equal(t, 2, r.count(`SELECT count(*) FROM workout_tracking_log WHERE action = 'record'`),
		"record rows of the two workouts recorded inside the age")

	again, err := r.store.PurgeExpired(t.Context(), policy, now)
	require.NoError(t, err)
	require.Zero(t, again.Total(), "second run")
}

func TestPurgeExpiredStopsWhenContextEnds(t *testing.T) {
	t.Parallel()
	r := newRetentionDB(t)
	r.logEvent("succeeded", baseTime.AddDate(0, -2, 0))

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := r.store.PurgeExpired(ctx, workout.RetentionPolicy{}, baseTime)
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, 1, r.count(`SELECT count(*) FROM workout_tracking_log`))
}

func TestPurgeExpiredCheckInReplies(t *testing.T) {
	t.Parallel()
	r := newRetentionDB(t)
	now := baseTime
	age := 30 * 24 * time.Hour
	old, recent := uuid.New(), uuid.New()
	challenge := uuid.New()

	first, err := r.store.AnnounceCheckIn(t.Context(), old, challenge, now.Add(-age-time.Second))
	require.NoError(t, err)
	require.True(t, first)
	_, err = r.store.AnnounceCheckIn(t.Context(), recent, challenge, now.Add(-age+time.Second))
	require.NoError(t, err)

	purged, err := r.store.PurgeExpired(t.Context(), workout.RetentionPolicy{Age: age, BatchSize: 1}, now)
	require.NoError(t, err)
	require.Equal(t, 1, purged.CheckInReplies)
	require.Equal(t, 1, r.count(`SELECT count(*) FROM workoutflow_checkin_replies WHERE workout_id = $1`, recent),
		"the recent marker is kept")
	require.Zero(t, r.count(`SELECT count(*) FROM workoutflow_checkin_replies WHERE workout_id = $1`, old))
}
