package memstore

import (
	"context"
	"time"

	"github.com/rayclub/workoutflow/workout"
)

var _ workout.Retainer = (*Store)(nil)

// PurgeExpired deletes the queue rows processed before now minus
// policy.Age with their done jobs, the done jobs of deleted workouts last
// changed before that time, and the dead jobs of deleted workouts last
// changed before now minus policy.FailureAge. The Store keeps no
// processing log, so Purged.LogEvents is always 0. It implements
// workout.Retainer; BatchSize has no effect because one lock covers the
// whole run.
func (s *Store) PurgeExpired(ctx context.Context, policy workout.RetentionPolicy, now time.Time) (workout.Purged, error) {
	policy, err := policy.WithDefaults()
	if err != nil {
		return workout.Purged{}, err
	}
	cutoff := now.Add(-policy.Age)
	failureCutoff := now.Add(-policy.FailureAge)

	s.mu.Lock()
	defer s.mu.Unlock()

	var purged workout.Purged
	for id, row := range s.queue {
		if row.ProcessedAt == nil || !row.ProcessedAt.Before(cutoff) {
			continue
		}
		delete(s.queue, id)
		purged.QueueRows++
		for key, job := range s.jobs {
			if key.workoutID == id && job.State == workout.JobDone {
				delete(s.jobs, key)
				purged.Jobs++
			}
		}
	}

	for key, job := range s.jobs {
		if _, exists := s.workouts[key.workoutID]; exists {
			continue
		}
		doneExpired := job.State == workout.JobDone && job.UpdatedAt.Before(cutoff)
		deadExpired := job.State == workout.JobDead && job.UpdatedAt.Before(failureCutoff)
		if doneExpired || deadExpired {
			delete(s.jobs, key)
			purged.Jobs++
		}
	}

	for key, created := range s.checkInReplies {
		if created.Before(cutoff) {
			delete(s.checkInReplies, key)
			purged.CheckInReplies++
		}
	}
	return purged, nil
}
