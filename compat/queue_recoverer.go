package compat

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// FailedJobLister is implemented by stores that can list the stage jobs
// that failed: dead jobs, and pending jobs whose last attempt failed.
type FailedJobLister interface {
	// FailedJobs returns the failed jobs of the workouts created at or
	// after since.
	FailedJobs(ctx context.Context, since time.Time) ([]workout.Job, error)
}

// QueueRecoverer is a Recoverer built only on what the pipeline offers.
// With a Lister it sends every workout with a failed job back to the queue
// with Pipeline.Retry. Without one it can only count the dead jobs of the
// whole queue, whatever their age, as failed, and recovers nothing.
//
// TODO: count the workouts without a queue row (Missing). The storage
// contract has no query for them, so Missing is always 0 here.
type QueueRecoverer struct {
	// Pipeline requeues jobs and reports queue counts. Required.
	Pipeline *workout.Pipeline
	// Lister lists the failed jobs; nil means none.
	Lister FailedJobLister
}

// Recover requeues the workouts with failed jobs created since since and
// counts them.
func (r *QueueRecoverer) Recover(ctx context.Context, since time.Time) (Recovery, error) {
	if r.Lister == nil {
		return r.countDead(ctx)
	}

	jobs, err := r.Lister.FailedJobs(ctx, since)
	if err != nil {
		return Recovery{}, fmt.Errorf("list failed jobs since %s: %w", since.Format(time.RFC3339), err)
	}

	var recovery Recovery
	for _, id := range failedWorkouts(jobs) {
		recovery.Failed++
		requeued, err := r.Pipeline.Retry(ctx, id)
		if err != nil {
			return recovery, err
		}
		if requeued > 0 {
			recovery.Recovered++
		}
	}
	return recovery, nil
}

// countDead reports the number of dead jobs of the queue as failed. It
// counts jobs, not workouts, because the queue statistics give no more.
func (r *QueueRecoverer) countDead(ctx context.Context) (Recovery, error) {
	stats, err := r.Pipeline.QueueStats(ctx)
	if err != nil {
		return Recovery{}, fmt.Errorf("count dead jobs: %w", err)
	}
	var recovery Recovery
	for _, s := range stats {
		recovery.Failed += s.Dead
	}
	return recovery, nil
}

// failedWorkouts returns the distinct workouts of jobs, in their order.
func failedWorkouts(jobs []workout.Job) []uuid.UUID {
	seen := make(map[uuid.UUID]bool, len(jobs))
	var ids []uuid.UUID
	for _, job := range jobs {
		if !seen[job.WorkoutID] {
			seen[job.WorkoutID] = true
			ids = append(ids, job.WorkoutID)
		}
	}
	return ids
}
