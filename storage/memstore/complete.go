package memstore

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// CompleteJob marks a leased job done, sets the queue row's flag for the
// stage, and sets processed_at once every job of the workout is done. The
// job of a deleted workout is removed instead. It returns an error wrapping
// storage.ErrLeaseLost when the caller no longer holds the lease.
func (s *Store) CompleteJob(ctx context.Context, job workout.Job, now time.Time) error {
	now = storedTime(now)

	s.mu.Lock()
	defer s.mu.Unlock()

	key, stored, err := s.leasedJob(job)
	if err != nil {
		return fmt.Errorf("complete job: %w", err)
	}
	w, ok := s.workouts[job.WorkoutID]
	if !ok {
		delete(s.jobs, key)
		return nil
	}

	stored.State = workout.JobDone
	stored.LastError = ""
	stored.Owner = ""
	stored.LeaseExpiresAt = time.Time{}
	stored.ChallengeIDs = appendChallenges(nil, w.ChallengeID)
	stored.UpdatedAt = now
	s.jobs[key] = stored

	row := s.queue[w.ID]
	setProcessedFlag(&row, stored.Stage, true)
	if s.allJobsDone(w.ID) {
		row.ProcessedAt = &now
		row.ProcessingError = ""
	}
	s.queue[w.ID] = row
	return nil
}

// allJobsDone reports whether every job of the workout is done. The caller
// holds s.mu.
func (s *Store) allJobsDone(workoutID uuid.UUID) bool {
	for key, job := range s.jobs {
		if key.workoutID == workoutID && job.State != workout.JobDone {
			return false
		}
	}
	return true
}

// FailJob records a failed attempt of a leased job: the job becomes pending
// at f.RetryAt, or dead when f.Dead is set, and the queue row's
// processing_error becomes "<stage>: <f.Message>". A released job keeps its
// last error and loses the claim's attempt instead. It returns an error
// wrapping storage.ErrLeaseLost when the caller no longer holds the lease.
func (s *Store) FailJob(ctx context.Context, job workout.Job, f workout.Failure) error {
	retryAt, now := storedTime(f.RetryAt), storedTime(f.Now)
	errMessage, dead := f.Message, f.Dead

	s.mu.Lock()
	defer s.mu.Unlock()

	key, stored, err := s.leasedJob(job)
	if err != nil {
		return fmt.Errorf("fail job: %w", err)
	}

	stored.State = workout.JobPending
	stored.RunAt = retryAt
	if dead {
		stored.State = workout.JobDead
	}
	stored.Owner = ""
	stored.LeaseExpiresAt = time.Time{}
	stored.UpdatedAt = now
	if f.Released {
		stored.Attempt = max(stored.Attempt-1, 0)
		s.jobs[key] = stored
		s.notify()
		return nil
	}
	stored.LastError = errMessage
	s.jobs[key] = stored

	if row, ok := s.queue[job.WorkoutID]; ok {
		row.ProcessingError = stored.Stage + ": " + errMessage
		s.queue[job.WorkoutID] = row
	}
	if !dead {
		s.notify()
	}
	return nil
}

// RetryJobs sends the workout's jobs that are not done back to the queue,
// due at now with their attempts reset, and returns how many it requeued.
// Running jobs are left alone unless their lease ended at or before now.
func (s *Store) RetryJobs(ctx context.Context, workoutID uuid.UUID, now time.Time) (int, error) {
	now = storedTime(now)

	s.mu.Lock()
	defer s.mu.Unlock()

	count := 0
	for key, job := range s.jobs {
		if key.workoutID != workoutID || !isRetryable(job, now) {
			continue
		}
		job.State = workout.JobPending
		job.Reason = workout.ReasonRetried
		job.Attempt = 0
		job.Token++
		job.Owner = ""
		job.RunAt = now
		job.LeaseExpiresAt = time.Time{}
		job.UpdatedAt = now
		s.jobs[key] = job
		count++
	}
	if count > 0 {
		s.notify()
	}
	return count, nil
}

func isRetryable(job workout.Job, now time.Time) bool {
	switch job.State {
	case workout.JobPending, workout.JobDead:
		return true
	case workout.JobRunning:
		return !job.LeaseExpiresAt.After(now)
	default:
		return false
	}
}
