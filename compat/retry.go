package compat

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
)

// RetryParams are the named parameters of retry_workout_processing.
type RetryParams struct {
	// WorkoutID is the record id of the workout. Required.
	WorkoutID string `json:"_workout_id"`
}

// RetryWorkoutProcessing queues the workout's stages again with the
// Recoverer's RetryWorkout and returns true when it queued anything: the
// stages of a workout missing from the queue, or else its failed, dead,
// abandoned and still pending jobs, due now. It returns false for an
// invalid or unknown record id and for a workout whose stages all
// succeeded. A signed-in user
// may retry only its own workouts; the returned error is then a
// *ForbiddenError. Other errors are logged and return false.
func (s *Service) RetryWorkoutProcessing(ctx context.Context, auth Auth, params RetryParams) (bool, error) {
	id, err := uuid.Parse(params.WorkoutID)
	if err != nil {
		return false, authorizeFor(FunctionRetryWorkoutProcessing, auth, uuid.Nil)
	}

	stored, err := s.pipeline.Workout(ctx, id)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return false, authorizeFor(FunctionRetryWorkoutProcessing, auth, uuid.Nil)
	case err != nil:
		s.logger.ErrorContext(ctx, "compat: retry_workout_processing failed", "workout_id", id, "error", err)
		return false, nil
	}
	if err := authorizeFor(FunctionRetryWorkoutProcessing, auth, stored.UserID); err != nil {
		return false, err
	}

	queued, err := s.recoverer.RetryWorkout(ctx, id)
	if err != nil {
		s.logger.ErrorContext(ctx, "compat: retry_workout_processing failed", "workout_id", id, "error", err)
		return false, nil
	}
	return queued, nil
}
