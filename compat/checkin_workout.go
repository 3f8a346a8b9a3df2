package compat

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// resolveCheckInWorkout finds or stores the workout of a check-in call w.
// When w.ClientWorkoutID is the record id of a workout of the same user,
// that record is used. Otherwise w is recorded with the client workout id
// as idempotency key, so a retried call returns the first record. A reused
// or replayed record without a challenge gets w's challenge. A failure the
// caller must reply with is returned as a reply; other errors are returned
// as errors.
func (s *Service) resolveCheckInWorkout(ctx context.Context, w workout.Workout) (workout.Workout, *CheckInReply, error) {
	if recordID, err := uuid.Parse(w.ClientWorkoutID); err == nil {
		stored, err := s.pipeline.Workout(ctx, recordID)
		switch {
		case err == nil && stored.UserID == w.UserID:
			return s.attachChallenge(ctx, stored, w.ChallengeID)
		case err != nil && !errors.Is(err, storage.ErrNotFound):
			return workout.Workout{}, nil, err
		}
	}

	recorded, err := s.pipeline.Record(ctx, w)
	var verr *workout.ValidationError
	switch {
	case errors.As(err, &verr):
		var problems fieldProblems
		problems.addValidation(verr, checkInParamNames, w)
		failure := checkInFailure(w.ChallengeID, CodeInvalidInput, problems.message())
		return workout.Workout{}, &failure, nil
	case err != nil:
		return workout.Workout{}, nil, err
	}
	return s.attachChallenge(ctx, recorded.Workout, w.ChallengeID)
}

// attachChallenge returns the stored workout as the target of a check-in
// for challengeID, after recording it for the challenge when it has none.
// A workout recorded for another challenge is rejected: moving it would
// take it out of that challenge's ranking.
func (s *Service) attachChallenge(ctx context.Context, stored workout.Workout, challengeID uuid.UUID) (workout.Workout, *CheckInReply, error) {
	switch stored.ChallengeID {
	case challengeID:
		return stored, nil, nil
	case uuid.Nil:
	default:
		failure := checkInFailure(challengeID, CodeInvalidInput,
			messageInvalidInputPrefix+fmt.Sprintf(messageOtherChallengeField, "_workout_id"))
		return workout.Workout{}, &failure, nil
	}

	stored.ChallengeID = challengeID
	updated, err := s.pipeline.Update(ctx, stored)
	if err != nil {
		return workout.Workout{}, nil, fmt.Errorf("attach challenge %s to workout %s: %w", challengeID, stored.ID, err)
	}
	return updated, nil, nil
}

// useStoredNameAndType replaces w's name and type with those of the
// user's record that w.ClientWorkoutID names, if there is one, so that a
// check-in of an existing record needs neither. The record is read again
// under the user's lock, and if it is gone by then, w is recorded with
// these values.
func (s *Service) useStoredNameAndType(ctx context.Context, w *workout.Workout) error {
	recordID, err := uuid.Parse(w.ClientWorkoutID)
	if err != nil || w.UserID == uuid.Nil {
		return nil
	}
	stored, err := s.pipeline.Workout(ctx, recordID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("read workout %s named by _workout_id: %w", recordID, err)
	case stored.UserID != w.UserID:
		return nil
	}
	w.Name, w.Type = stored.Name, stored.Type
	return nil
}
