package pgstore_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestUpdateWorkoutFencesRunningJob(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := t.Context()
	w := newWorkout(uuid.New())
	w.ChallengeID = uuid.New()
	_, _, err := s.InsertWorkout(ctx, insertRequest(w, baseTime))
	require.NoError(t, err)
	jobs, err := s.ClaimJobs(ctx, workout.ClaimRequest{
		Owner: "w", Stages: []string{workout.StageRanking}, Limit: 1, Now: baseTime, Lease: lease,
	})
	require.NoError(t, err)
	require.Len(t, jobs, 1)

	previous := w.ChallengeID
	w.ChallengeID = uuid.New()
	w.DurationMinutes = 30
	updated, err := s.UpdateWorkout(ctx, w, bothStages, baseTime.Add(time.Minute))
	require.NoError(t, err)
	require.Equal(t, 30, updated.DurationMinutes)
	require.True(t, baseTime.Add(time.Minute).Equal(updated.UpdatedAt))

	require.ErrorIs(t, s.CompleteJob(ctx, jobs[0], baseTime.Add(time.Minute)), storage.ErrLeaseLost,
		"the update queued the job again, so the running worker's result is stale")
	st, err := s.Status(ctx, w.ID)
	require.NoError(t, err)
	require.Equal(t, w.ChallengeID, st.ChallengeID)
	for _, job := range st.Jobs {
		require.Equal(t, workout.JobPending, job.State)
		require.Equal(t, workout.ReasonUpdated, job.Reason)
		require.Equal(t, []uuid.UUID{previous, w.ChallengeID}, job.ChallengeIDs, "stage %s", job.Stage)
	}
}

func TestUpdateLegacyWorkoutCreatesQueueRow(t *testing.T) {
	t.Parallel()
	s, dsn := newStore(t)
	conn := connect(t, dsn)
	ctx := t.Context()
	w := newWorkout(uuid.New())
	_, err := conn.Exec(ctx, `INSERT INTO workout_records (id, user_id, workout_name, workout_type, date, duration_minutes)
		VALUES ($1, $2, 'Corrida', 'Run', $3, 40)`, w.ID, w.UserID, w.Date)
	require.NoError(t, err)

	_, err = s.UpdateWorkout(ctx, w, bothStages, baseTime)
	require.NoError(t, err)

	st, err := s.Status(ctx, w.ID)
	require.NoError(t, err, "the edit gives the legacy workout a queue row the app can poll")
	require.Len(t, st.Jobs, 2)
}

func TestDeleteWorkoutKeepsJobs(t *testing.T) {
	t.Parallel()
	s, dsn := newStore(t)
	conn := connect(t, dsn)
	ctx := t.Context()
	w := newWorkout(uuid.New())
	_, _, err := s.InsertWorkout(ctx, insertRequest(w, baseTime))
	require.NoError(t, err)

	_, err = s.DeleteWorkout(ctx, w.ID, bothStages, baseTime.Add(time.Minute))
	require.NoError(t, err)

	require.Equal(t, 0, count(t, conn, `SELECT count(*) FROM workout_processing_queue WHERE workout_id = $1`, w.ID))
	require.Equal(t, 2, count(t, conn, `SELECT count(*) FROM workoutflow_jobs WHERE workout_id = $1 AND reason = 'deleted'`, w.ID))
	_, err = s.DeleteWorkout(ctx, w.ID, bothStages, baseTime)
	require.ErrorIs(t, err, storage.ErrNotFound)
}
