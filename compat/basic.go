package compat

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// RecordWorkoutBasicParams are the named parameters of
// record_workout_basic. Text parameters sent as JSON null read as empty.
type RecordWorkoutBasicParams struct {
	// UserID is the owner of the workout, a UUID. Required.
	UserID string `json:"p_user_id"`
	// WorkoutName and WorkoutType are required.
	WorkoutName string `json:"p_workout_name"`
	WorkoutType string `json:"p_workout_type"`
	// DurationMinutes is required, from 1 to 1440.
	DurationMinutes int `json:"p_duration_minutes"`
	// Date is the real instant of the workout, such as
	// "2026-06-02T23:00:00.000Z". Required.
	Date string `json:"p_date"`
	// ChallengeID is the challenge the workout is recorded for; empty means
	// none.
	ChallengeID string `json:"p_challenge_id"`
	// WorkoutID is the client's own id of the workout, any text of at most
	// workout.MaxClientIDLength characters, empty when it has none. It is
	// stored as given. When not empty it also makes the idempotency key:
	// the id itself up to workout.MaxNameLength characters, else "sha256:"
	// and the hex SHA-256 of the id.
	WorkoutID string `json:"p_workout_id"`
	// Notes is free text, empty when none.
	Notes string `json:"p_notes"`
	// WorkoutRecordID is the record id of the workout to edit; empty means
	// record a new workout.
	WorkoutRecordID string `json:"p_workout_record_id"`
}

// RecordWorkoutBasicReply is the reply of record_workout_basic. In JSON
// every key is always present: workout_id is null on failure and
// error_code is null on success.
type RecordWorkoutBasicReply struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
	// WorkoutID is the record id of the stored workout, empty on failure.
	WorkoutID string `json:"workout_id"`
	// ProcessingQueued is true on success: the stages are queued.
	ProcessingQueued bool `json:"processing_queued"`
	// IsRetroactive is true when the workout's local day in the legacy
	// zone is before today.
	IsRetroactive bool `json:"is_retroactive"`
	// ErrorCode is CodeInvalidInput, CodeWorkoutNotFound,
	// CodeChallengeNotFound or CodeInternalError on failure.
	ErrorCode string `json:"error_code"`
}

// MarshalJSON writes the reply with null for the empty workout_id and
// error_code.
func (r RecordWorkoutBasicReply) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Success          bool    `json:"success"`
		Message          string  `json:"message"`
		WorkoutID        *string `json:"workout_id"`
		ProcessingQueued bool    `json:"processing_queued"`
		IsRetroactive    bool    `json:"is_retroactive"`
		ErrorCode        *string `json:"error_code"`
	}{r.Success, r.Message, nullable(r.WorkoutID), r.ProcessingQueued, r.IsRetroactive, nullable(r.ErrorCode)})
}

// basicParamNames names the workout fields as record_workout_basic's
// parameters.
var basicParamNames = workoutParams{
	"user_id":          "p_user_id",
	"workout_name":     "p_workout_name",
	"workout_type":     "p_workout_type",
	"duration_minutes": "p_duration_minutes",
	"date":             "p_date",
	"notes":            "p_notes",
	"workout_id":       "p_workout_id",
	"idempotency_key":  "p_workout_id",
	"challenge_id":     "p_challenge_id",
}

// RecordWorkoutBasic records a workout, or edits the one named by
// WorkoutRecordID, and queues its stages. A resubmission with the same
// client workout id, or an identical workout within the replay window,
// returns the first record. On failure nothing is stored and the reply
// names the problem. The returned error is a *ForbiddenError when auth may
// not act for the user, and nil otherwise.
func (s *Service) RecordWorkoutBasic(ctx context.Context, auth Auth, params RecordWorkoutBasicParams) (RecordWorkoutBasicReply, error) {
	var problems fieldProblems
	w := workout.Workout{
		UserID:          problems.requiredUUID("p_user_id", params.UserID),
		ClientWorkoutID: params.WorkoutID,
		Name:            strings.TrimSpace(params.WorkoutName),
		Type:            strings.TrimSpace(params.WorkoutType),
		Date:            problems.timestamp("p_date", params.Date),
		DurationMinutes: params.DurationMinutes,
		Notes:           params.Notes,
		ChallengeID:     problems.optionalUUID("p_challenge_id", params.ChallengeID),
		IdempotencyKey:  idempotencyKey(params.WorkoutID),
	}
	recordID := problems.optionalUUID("p_workout_record_id", params.WorkoutRecordID)
	if err := authorizeFor(FunctionRecordWorkoutBasic, auth, w.UserID); err != nil {
		return RecordWorkoutBasicReply{}, err
	}

	s.precheck(&problems, w, basicParamNames)
	if !problems.empty() {
		return basicFailure(CodeInvalidInput, problems.message()), nil
	}

	unlock, err := s.locker.Lock(ctx, UserLockKey(w.UserID))
	if err != nil {
		return s.basicInternal(ctx, w.UserID, err), nil
	}
	defer unlock()

	if reply, ok := s.checkBasicChallenge(ctx, w); !ok {
		return reply, nil
	}
	if recordID != uuid.Nil {
		return s.editWorkout(ctx, recordID, w), nil
	}
	return s.recordBasic(ctx, w), nil
}

// checkBasicChallenge rejects a workout recorded for a challenge that does
// not exist, which the PostgreSQL schema would refuse too.
func (s *Service) checkBasicChallenge(ctx context.Context, w workout.Workout) (RecordWorkoutBasicReply, bool) {
	if !w.HasChallenge() {
		return RecordWorkoutBasicReply{}, true
	}
	_, err := s.store.Challenge(ctx, w.ChallengeID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return basicFailure(CodeChallengeNotFound, MessageChallengeNotFound), false
	case err != nil:
		return s.basicInternal(ctx, w.UserID, err), false
	}
	return RecordWorkoutBasicReply{}, true
}

// recordBasic records a new workout, or returns the one it replays.
func (s *Service) recordBasic(ctx context.Context, w workout.Workout) RecordWorkoutBasicReply {
	recorded, err := s.pipeline.Record(ctx, w)
	if reply, failed := s.basicError(ctx, w, err); failed {
		return reply
	}

	reply := s.basicSuccess(recorded.Workout)
	if recorded.Replayed {
		reply.Message = MessageWorkoutReplayed
	}
	return reply
}

// basicError turns an error of Record or Update into a failure reply.
func (s *Service) basicError(ctx context.Context, w workout.Workout, err error) (RecordWorkoutBasicReply, bool) {
	if err == nil {
		return RecordWorkoutBasicReply{}, false
	}
	var verr *workout.ValidationError
	if errors.As(err, &verr) {
		var problems fieldProblems
		problems.addValidation(verr, basicParamNames, w)
		return basicFailure(CodeInvalidInput, problems.message()), true
	}
	return s.basicInternal(ctx, w.UserID, err), true
}

func (s *Service) basicSuccess(w workout.Workout) RecordWorkoutBasicReply {
	return RecordWorkoutBasicReply{
		Success:          true,
		Message:          MessageWorkoutRecorded,
		WorkoutID:        w.ID.String(),
		ProcessingQueued: true,
		IsRetroactive:    s.isRetroactive(w.Date),
	}
}

func (s *Service) basicInternal(ctx context.Context, userID uuid.UUID, err error) RecordWorkoutBasicReply {
	s.logger.ErrorContext(ctx, "compat: record_workout_basic failed", "user_id", userID, "error", err)
	return basicFailure(CodeInternalError, MessageWorkoutInternal)
}

func basicFailure(code, message string) RecordWorkoutBasicReply {
	return RecordWorkoutBasicReply{Success: false, Message: message, ErrorCode: code}
}

// nullable returns nil for an empty string, which JSON writes as null.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
