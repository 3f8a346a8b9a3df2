package memstore

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// ClaimJobs leases up to req.Limit due jobs of req.Stages to req.Owner,
// oldest RunAt first, then oldest CreatedAt. A job is due when it is pending
// with RunAt at or before req.Now, or running with a lease that ended at or
// before req.Now.
func (s *Store) ClaimJobs(ctx context.Context, req workout.ClaimRequest) ([]workout.Job, error) {
	if req.Limit <= 0 {
		return nil, nil
	}
	now := storedTime(req.Now)
	leaseEnd := storedTime(req.Now.Add(req.Lease))

	s.mu.Lock()
	defer s.mu.Unlock()

	var due []jobKey
	for key, job := range s.jobs {
		if slices.Contains(req.Stages, job.Stage) && isDue(job, now) {
			due = append(due, key)
		}
	}
	sort.Slice(due, func(i, j int) bool { return claimsBefore(s.jobs[due[i]], s.jobs[due[j]]) })
	if len(due) > req.Limit {
		due = due[:req.Limit]
	}

	claimed := make([]workout.Job, 0, len(due))
	for _, key := range due {
		job := s.jobs[key]
		job.State = workout.JobRunning
		job.Owner = req.Owner
		job.Token++
		job.Attempt++
		job.LeaseExpiresAt = leaseEnd
		job.UpdatedAt = now
		s.jobs[key] = job
		claimed = append(claimed, cloneJob(job))
	}
	return claimed, nil
}

func isDue(job workout.Job, now time.Time) bool {
	switch job.State {
	case workout.JobPending:
		return !job.RunAt.After(now)
	case workout.JobRunning:
		return !job.LeaseExpiresAt.After(now)
	default:
		return false
	}
}

// claimsBefore orders due jobs by RunAt, then CreatedAt, then workout id and
// stage so that the order is stable.
func claimsBefore(a, b workout.Job) bool {
	if !a.RunAt.Equal(b.RunAt) {
		return a.RunAt.Before(b.RunAt)
	}
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.Before(b.CreatedAt)
	}
	if c := bytes.Compare(a.WorkoutID[:], b.WorkoutID[:]); c != 0 {
		return c < 0
	}
	return a.Stage < b.Stage
}

// ExtendLeases moves the lease end of the given jobs to until. It extends
// every job whose lease the caller still holds and returns an error wrapping
// storage.ErrLeaseLost that names the others.
func (s *Store) ExtendLeases(ctx context.Context, jobs []workout.Job, until time.Time) error {
	until = storedTime(until)

	s.mu.Lock()
	defer s.mu.Unlock()

	var lost []string
	for _, claimed := range jobs {
		key, job, err := s.leasedJob(claimed)
		if err != nil {
			lost = append(lost, claimed.WorkoutID.String()+"/"+claimed.Stage)
			continue
		}
		job.LeaseExpiresAt = until
		s.jobs[key] = job
	}
	if len(lost) > 0 {
		return fmt.Errorf("extend leases of jobs %v: %w", lost, storage.ErrLeaseLost)
	}
	return nil
}

// leasedJob returns the stored job that claimed still holds: running, with
// the same owner and token. The caller holds s.mu.
func (s *Store) leasedJob(claimed workout.Job) (jobKey, workout.Job, error) {
	key := jobKey{workoutID: claimed.WorkoutID, stage: claimed.Stage}
	job, ok := s.jobs[key]
	if !ok || job.State != workout.JobRunning || job.Owner != claimed.Owner || job.Token != claimed.Token {
		return key, workout.Job{}, fmt.Errorf("job %s/%s token %d: %w", claimed.WorkoutID, claimed.Stage, claimed.Token, storage.ErrLeaseLost)
	}
	return key, job, nil
}
