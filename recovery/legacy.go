package recovery

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// RecoverRecent repairs the processing queue for the workouts created in
// the last daysBack days (24-hour periods before the clock's now), for the
// legacy operator call diagnose_and_recover_workout_records. It queues the
// workouts missing from the queue and sends every dead job back; it does
// not check rankings or dashboards. It returns:
//
//   - missing: the workouts found without their queue row or a stage's job;
//   - failed: the workouts with at least one failed or dead job, each
//     counted once however many of its jobs failed. A job that is merely
//     pending, never attempted or retried without error, is not failed;
//   - recovered: the workouts this call queued again, missing ones queued
//     plus those whose dead jobs it sent back.
//
// daysBack must be at least 1. On an error the counts of what was done
// before it are returned with it.
func (r *Recoverer) RecoverRecent(ctx context.Context, daysBack int) (recovered, missing, failed int, err error) {
	if daysBack < 1 {
		return 0, 0, 0, fmt.Errorf("recover recent workouts: days back must be at least 1, got %d", daysBack)
	}

	since := r.clock.Now().Add(-time.Duration(daysBack) * 24 * time.Hour)
	report, err := r.Repair(ctx, Options{Since: since, RetryDead: true, Checks: CheckQueue | CheckJobs})
	if err != nil {
		err = fmt.Errorf("recover workouts of the last %d days: %w", daysBack, err)
	}

	missing = report.Count(KindUnqueued)
	failed = len(unionIDs(report.WorkoutIDs(KindFailed), report.WorkoutIDs(KindDead)))
	recovered = len(unionIDs(repairedWorkouts(report, KindUnqueued), repairedWorkouts(report, KindDead)))
	return recovered, missing, failed, err
}

// RetryWorkout queues a workout's stages again, for the legacy operator
// call retry_workout_processing. A workout missing from the queue gets its
// missing stages queued; otherwise its failed, dead and expired jobs are
// sent back through Pipeline.Retry. It returns true when it queued
// anything, and false for an unknown workout or one whose jobs all
// succeeded or are already waiting to run.
func (r *Recoverer) RetryWorkout(ctx context.Context, workoutID uuid.UUID) (bool, error) {
	w, err := r.store.Workout(ctx, workoutID)
	switch {
	case err == nil:
		queued, err := r.queueOne(ctx, w)
		if err != nil || queued {
			return queued, err
		}
	case !errors.Is(err, storage.ErrNotFound):
		return false, fmt.Errorf("retry workout %s: %w", workoutID, err)
	}

	// A deleted workout can still have jobs that undo what it contributed.
	requeued, err := r.pipeline.Retry(ctx, workoutID)
	if err != nil {
		return false, err
	}
	return requeued > 0, nil
}

// queueOne queues the stages the workout lacks and reports whether it
// lacked any.
func (r *Recoverer) queueOne(ctx context.Context, w workout.Workout) (bool, error) {
	started := time.Now()
	stages := r.pipeline.Stages()
	queued, err := r.store.QueueWorkouts(ctx, []uuid.UUID{w.ID}, stages, r.clock.Now())
	if err != nil {
		return false, fmt.Errorf("retry workout %s: %w", w.ID, err)
	}
	if len(queued) == 0 {
		return false, nil
	}

	r.record(ctx, repairAction{
		name: ActionQueueStages, workoutID: w.ID, userID: w.UserID, challengeID: w.ChallengeID,
		findings: []Finding{{
			Kind: KindUnqueued, WorkoutID: w.ID, UserID: w.UserID, ChallengeID: w.ChallengeID,
			Detail: "queued by an operator retry", Action: ActionQueueStages, Repaired: true,
		}},
		response: map[string]any{"stages": stages},
	}, started, nil)
	return true, nil
}

func repairedWorkouts(report *Report, kind Kind) []uuid.UUID {
	var ids []uuid.UUID
	for _, f := range report.Of(kind) {
		if f.Repaired {
			ids = append(ids, f.WorkoutID)
		}
	}
	return ids
}

// unionIDs returns the distinct ids of both lists.
func unionIDs(a, b []uuid.UUID) map[uuid.UUID]bool {
	union := make(map[uuid.UUID]bool, len(a)+len(b))
	for _, id := range a {
		union[id] = true
	}
	for _, id := range b {
		union[id] = true
	}
	return union
}
