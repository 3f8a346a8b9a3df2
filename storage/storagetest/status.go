package storagetest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var statusTests = []testCase{
	{name: "flags follow completed stages", run: testStatusFlags},
	{name: "processed after every stage", run: testStatusCustomStage},
	{name: "queue stats count by state", run: testQueueStats},
	{name: "queue stats of empty queue", run: testQueueStatsEmpty},
}

func testStatusFlags(t *testing.T, s Adapter) {
	challengeID := uuid.New()
	w := insert(t, s, newWorkout(uuid.New(), challengeID), baseTime)
	rankedAt := baseTime.Add(time.Second)
	finishedAt := baseTime.Add(2 * time.Second)

	complete(t, s, rankedAt, claimOne(t, s, "worker", rankedAt, workout.StageRanking))
	st := status(t, s, w.ID)
	require.True(t, st.ProcessedForRanking)
	require.False(t, st.ProcessedForDashboard)
	require.Nil(t, st.ProcessedAt, "the dashboard job is still pending")

	complete(t, s, finishedAt, claimOne(t, s, "worker", finishedAt, workout.StageDashboard))
	st = status(t, s, w.ID)
	require.True(t, st.ProcessedForRanking)
	require.True(t, st.ProcessedForDashboard)
	require.NotNil(t, st.ProcessedAt)
	requireTime(t, finishedAt, *st.ProcessedAt, "ProcessedAt")
	for _, job := range st.Jobs {
		require.Equal(t, workout.JobDone, job.State, "%s job", job.Stage)
		require.Equal(t, []uuid.UUID{challengeID}, job.ChallengeIDs)
	}
	requireTime(t, rankedAt, storedJob(t, s, w.ID, workout.StageRanking).UpdatedAt, "ranking job UpdatedAt")
}

func testStatusCustomStage(t *testing.T, s Adapter) {
	req := insertRequest(newWorkout(uuid.New(), uuid.Nil), baseTime)
	req.Stages = []string{workout.StageRanking, workout.StageDashboard, "badges"}
	w, _, err := s.InsertWorkout(t.Context(), req)
	require.NoError(t, err)

	complete(t, s, baseTime, claim(t, s, "worker", baseTime)...)
	st := status(t, s, w.ID)
	require.True(t, st.ProcessedForRanking)
	require.True(t, st.ProcessedForDashboard)
	require.Nil(t, st.ProcessedAt, "the badges job is still pending")

	complete(t, s, baseTime, claimOne(t, s, "worker", baseTime, "badges"))
	require.NotNil(t, status(t, s, w.ID).ProcessedAt)
}

func testQueueStats(t *testing.T, s Adapter) {
	first := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime.Add(time.Second))
	insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime.Add(2*time.Second))
	now := baseTime.Add(time.Minute)
	claimNext := func(stage string) workout.Job {
		req := claimRequest("worker", now, stage)
		req.Limit = 1
		jobs, err := s.ClaimJobs(t.Context(), req)
		require.NoError(t, err)
		require.Len(t, jobs, 1)
		return jobs[0]
	}

	// Ranking: the first workout's job done, the second's running, the
	// third's pending. Dashboard: the first workout's job dead, the others
	// pending.
	done := claimNext(workout.StageRanking)
	require.Equal(t, first.ID, done.WorkoutID)
	complete(t, s, now, done)
	claimNext(workout.StageRanking)
	dead := claimNext(workout.StageDashboard)
	require.Equal(t, first.ID, dead.WorkoutID)
	require.NoError(t, s.FailJob(t.Context(), dead, workout.Failure{Message: "falhou", RetryAt: now, Dead: true, Now: now}))

	stats, err := s.QueueStats(t.Context())

	require.NoError(t, err)
	require.Len(t, stats, 2)
	require.Equal(t, workout.QueueStats{Stage: workout.StageDashboard, Pending: 2, Dead: 1}, withoutTime(stats[0]))
	requireTime(t, baseTime.Add(time.Second), stats[0].OldestPending, "dashboard OldestPending skips dead jobs")
	require.Equal(t, workout.QueueStats{Stage: workout.StageRanking, Pending: 1, Running: 1, Done: 1}, withoutTime(stats[1]))
	requireTime(t, baseTime.Add(time.Second), stats[1].OldestPending, "ranking OldestPending counts running jobs")
}

// withoutTime returns stats with OldestPending cleared, to compare counts.
func withoutTime(stats workout.QueueStats) workout.QueueStats {
	stats.OldestPending = time.Time{}
	return stats
}

func testQueueStatsEmpty(t *testing.T, s Adapter) {
	stats, err := s.QueueStats(t.Context())

	require.NoError(t, err)
	require.Empty(t, stats)
}
