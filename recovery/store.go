package recovery

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// Store is the storage a Recoverer needs: the ranking and dashboard stores,
// to recompute and save results exactly as the stages do, a workout lookup,
// and two small interfaces of its own. The storage adapters implement it.
type Store interface {
	QueueScanner
	ResultIndex
	ranking.Store
	dashboard.Store

	// Workout returns the workout with the given record id, or an error
	// wrapping storage.ErrNotFound, as workout.WorkoutStore.Workout does.
	Workout(ctx context.Context, id uuid.UUID) (workout.Workout, error)
}

// QueueScanner finds and fixes workouts and jobs that the processing queue
// lost track of.
type QueueScanner interface {
	// UnqueuedWorkouts returns the workouts created at or after since (every
	// workout when since is zero) that have no row in the processing queue,
	// or that lack a job, in any state, for one of stages. Such workouts were
	// written by another writer, such as an old SQL function, and no worker
	// will ever process them. The result is ordered by creation time, then
	// record id.
	UnqueuedWorkouts(ctx context.Context, since time.Time, stages []string) ([]workout.Workout, error)

	// QueueWorkouts queues the stages of existing workouts in one
	// transaction. For each id that names a stored workout, it inserts the
	// queue row when it is missing. For each of stages without a job, it
	// inserts a pending job due at now, with reason workout.ReasonRecorded
	// and the workout's challenge, and clears the stage's processed flag
	// and processed_at on the queue row. Existing jobs are left unchanged
	// and ids of missing workouts are skipped, so calling it again does
	// nothing. It returns the ids of the workouts it queued something for,
	// in the order of ids.
	QueueWorkouts(ctx context.Context, ids []uuid.UUID, stages []string, now time.Time) ([]uuid.UUID, error)

	// UnhealthyJobs returns the jobs created at or after since, or every
	// job when since is zero, that are in one of three states: dead;
	// pending after a failed attempt (Attempt above 0 and a non-empty
	// LastError); running with a lease that ended at or before now. The
	// result is ordered by creation time, then workout id, then stage.
	UnhealthyJobs(ctx context.Context, since, now time.Time) ([]workout.Job, error)
}

// ResultIndex lists the stored results that a drift check compares with
// a recompute.
type ResultIndex interface {
	// RankingKeys returns every (challenge, user) pair that has a
	// participant row, a progress row or a check-in, ordered by challenge
	// id, then user id. When since is not zero it returns only the pairs
	// of users who own a workout created at or after since.
	RankingKeys(ctx context.Context, since time.Time) ([]MemberKey, error)

	// DashboardUsers returns the ids of the users with a stored dashboard,
	// in ascending order. When since is not zero it returns only the users
	// who own a workout created at or after since.
	DashboardUsers(ctx context.Context, since time.Time) ([]uuid.UUID, error)
}

// MemberKey identifies a user's results in one challenge.
type MemberKey struct {
	ChallengeID uuid.UUID `json:"challenge_id"`
	UserID      uuid.UUID `json:"user_id"`
}
