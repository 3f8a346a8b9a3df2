package memstore

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// Status returns the workout's queue row with its jobs sorted by stage, or an
// error wrapping storage.ErrNotFound when the workout has no queue row.
func (s *Store) Status(ctx context.Context, workoutID uuid.UUID) (workout.Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	row, ok := s.queue[workoutID]
	if !ok {
		return workout.Status{}, fmt.Errorf("status of workout %s: %w", workoutID, storage.ErrNotFound)
	}

	status := cloneStatus(row)
	status.Jobs = []workout.Job{}
	for key, job := range s.jobs {
		if key.workoutID == workoutID {
			status.Jobs = append(status.Jobs, cloneJob(job))
		}
	}
	sort.Slice(status.Jobs, func(i, j int) bool { return status.Jobs[i].Stage < status.Jobs[j].Stage })
	return status, nil
}

// QueueStats counts the jobs of every stage that has jobs by state, sorted by
// stage. OldestPending is the creation time of the oldest pending or running
// job of the stage.
func (s *Store) QueueStats(ctx context.Context) ([]workout.QueueStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	byStage := make(map[string]*workout.QueueStats)
	for _, job := range s.jobs {
		stats, ok := byStage[job.Stage]
		if !ok {
			stats = &workout.QueueStats{Stage: job.Stage}
			byStage[job.Stage] = stats
		}
		countJob(stats, job)
	}

	all := make([]workout.QueueStats, 0, len(byStage))
	for _, stats := range byStage {
		all = append(all, *stats)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Stage < all[j].Stage })
	return all, nil
}

func countJob(stats *workout.QueueStats, job workout.Job) {
	switch job.State {
	case workout.JobPending:
		stats.Pending++
	case workout.JobRunning:
		stats.Running++
	case workout.JobDone:
		stats.Done++
		return
	case workout.JobDead:
		stats.Dead++
		return
	}
	stats.OldestPending = earliest(stats.OldestPending, job.CreatedAt)
}

// earliest returns the earlier of a and b, treating the zero time as none.
func earliest(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}
