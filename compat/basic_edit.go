package compat

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// editWorkout replaces the fields of the user's workout recordID with those
// of w and queues its stages again. The client workout id of the record
// does not change.
func (s *Service) editWorkout(ctx context.Context, recordID uuid.UUID, w workout.Workout) RecordWorkoutBasicReply {
	stored, err := s.pipeline.Workout(ctx, recordID)
	switch {
	case errors.Is(err, storage.ErrNotFound) || (err == nil && stored.UserID != w.UserID):
		return basicFailure(CodeWorkoutNotFound, MessageWorkoutNotFound)
	case err != nil:
		return s.basicInternal(ctx, w.UserID, err)
	}

	stored.Name = w.Name
	stored.Type = w.Type
	stored.Date = w.Date
	stored.DurationMinutes = w.DurationMinutes
	stored.Notes = w.Notes
	stored.ChallengeID = w.ChallengeID

	updated, err := s.pipeline.Update(ctx, stored)
	if errors.Is(err, storage.ErrNotFound) {
		return basicFailure(CodeWorkoutNotFound, MessageWorkoutNotFound)
	}
	if reply, failed := s.basicError(ctx, w, err); failed {
		return reply
	}
	return s.basicSuccess(updated)
}
