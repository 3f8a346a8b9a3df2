package memstore

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// InsertWorkout stores the workout, its queue row and one pending job per
// stage, or returns the earlier workout it replays. See
// workout.WorkoutStore.InsertWorkout.
func (s *Store) InsertWorkout(ctx context.Context, req workout.InsertRequest) (workout.Workout, bool, error) {
	now := storedTime(req.Now)
	w := storedWorkout(req.Workout)

	s.mu.Lock()
	defer s.mu.Unlock()

	if earlier, ok := s.findReplayed(w, req.ReplayWindow, now); ok {
		return cloneWorkout(earlier), true, nil
	}
	if _, inUse := s.workouts[w.ID]; inUse {
		return workout.Workout{}, false, fmt.Errorf("insert workout %s: id in use: %w", w.ID, storage.ErrConflict)
	}

	w.CreatedAt = now
	w.UpdatedAt = now
	s.workouts[w.ID] = w
	if w.IdempotencyKey != "" {
		s.keys[idempotencyKey{userID: w.UserID, key: w.IdempotencyKey}] = w.ID
	}
	s.queue[w.ID] = queueRow{WorkoutID: w.ID, UserID: w.UserID, ChallengeID: w.ChallengeID, CreatedAt: now}
	for _, stage := range uniqueStages(req.Stages) {
		s.jobs[jobKey{workoutID: w.ID, stage: stage}] = newJob(w, stage, now)
	}
	s.notify()
	return cloneWorkout(w), false, nil
}

// findReplayed returns the stored workout that w repeats: the one with the
// same idempotency key, or, when w has no key, the oldest workout of the same
// user with the same content created at most window before now.
func (s *Store) findReplayed(w workout.Workout, window time.Duration, now time.Time) (workout.Workout, bool) {
	if w.IdempotencyKey != "" {
		id, ok := s.keys[idempotencyKey{userID: w.UserID, key: w.IdempotencyKey}]
		if !ok {
			return workout.Workout{}, false
		}
		return s.workouts[id], true
	}
	if window <= 0 {
		return workout.Workout{}, false
	}

	var found workout.Workout
	var ok bool
	for _, stored := range s.workouts {
		if stored.CreatedAt.Before(now.Add(-window)) || !stored.SameContent(w, window) {
			continue
		}
		if !ok || createdBefore(stored, found) {
			found, ok = stored, true
		}
	}
	return found, ok
}

// createdBefore orders workouts by creation time, then by id.
func createdBefore(a, b workout.Workout) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.Before(b.CreatedAt)
	}
	return bytes.Compare(a.ID[:], b.ID[:]) < 0
}

// UpdateWorkout replaces the editable fields of a stored workout and queues
// the stages again. See workout.WorkoutStore.UpdateWorkout.
func (s *Store) UpdateWorkout(ctx context.Context, w workout.Workout, stages []string, now time.Time) (workout.Workout, error) {
	now = storedTime(now)
	edited := storedWorkout(w)

	s.mu.Lock()
	defer s.mu.Unlock()

	stored, ok := s.workouts[w.ID]
	if !ok {
		return workout.Workout{}, fmt.Errorf("update workout %s: %w", w.ID, storage.ErrNotFound)
	}
	previous := stored.ChallengeID

	stored.Name = edited.Name
	stored.Type = edited.Type
	stored.Date = edited.Date
	stored.DurationMinutes = edited.DurationMinutes
	stored.Notes = edited.Notes
	stored.ImageURLs = edited.ImageURLs
	stored.ChallengeID = edited.ChallengeID
	stored.UpdatedAt = now
	s.workouts[stored.ID] = stored

	row := s.queue[stored.ID]
	row.ChallengeID = stored.ChallengeID
	s.queue[stored.ID] = row
	s.requeue(stored, stages, workout.ReasonUpdated, now, previous, stored.ChallengeID)
	return cloneWorkout(stored), nil
}

// DeleteWorkout removes a workout and its queue row and queues the stages to
// undo what it contributed. See workout.WorkoutStore.DeleteWorkout.
func (s *Store) DeleteWorkout(ctx context.Context, id uuid.UUID, stages []string, now time.Time) (workout.Workout, error) {
	now = storedTime(now)

	s.mu.Lock()
	defer s.mu.Unlock()

	stored, ok := s.workouts[id]
	if !ok {
		return workout.Workout{}, fmt.Errorf("delete workout %s: %w", id, storage.ErrNotFound)
	}
	delete(s.workouts, id)
	delete(s.queue, id)
	if stored.IdempotencyKey != "" {
		delete(s.keys, idempotencyKey{userID: stored.UserID, key: stored.IdempotencyKey})
	}
	s.requeue(stored, stages, workout.ReasonDeleted, now, stored.ChallengeID)
	return cloneWorkout(stored), nil
}

// Workout returns the stored workout with the given record id.
func (s *Store) Workout(ctx context.Context, id uuid.UUID) (workout.Workout, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	stored, ok := s.workouts[id]
	if !ok {
		return workout.Workout{}, fmt.Errorf("workout %s: %w", id, storage.ErrNotFound)
	}
	return cloneWorkout(stored), nil
}
