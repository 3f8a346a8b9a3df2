package compat

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// CheckInParams are the named parameters of record_challenge_check_in_v2.
// Text parameters sent as JSON null read as empty.
type CheckInParams struct {
	// ChallengeID is the challenge to check in to, a UUID. Required.
	ChallengeID string `json:"_challenge_id"`
	// Date is the workout's local wall-clock time in the legacy zone,
	// labelled as UTC by the shipped app: "2026-06-02T20:00:00.000Z" is
	// 20:00 in Sao Paulo. Required.
	Date string `json:"_date"`
	// DurationMinutes is required, from 1 to 1440.
	DurationMinutes int `json:"_duration_minutes"`
	// UserID is the user checking in, a UUID. Required.
	UserID string `json:"_user_id"`
	// WorkoutID is the record id of a workout the user already saved, or
	// the client's own id of a new workout: any text of at most
	// workout.MaxClientIDLength characters, empty when none, that makes the
	// idempotency key as in RecordWorkoutBasicParams.WorkoutID.
	WorkoutID string `json:"_workout_id"`
	// WorkoutName and WorkoutType are required when a new workout is
	// recorded. When WorkoutID is the record id of a workout of the user,
	// they are ignored and the record's stored name and type are used.
	WorkoutName string `json:"_workout_name"`
	WorkoutType string `json:"_workout_type"`
}

// CheckInReply is the reply of record_challenge_check_in_v2. In JSON every
// key is always present; check_in_id, workout_id, challenge_id and
// error_code are null when empty.
type CheckInReply struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
	// PointsEarned is above 0 only in the first reply that announces the
	// workout's check-in.
	PointsEarned int `json:"points_earned"`
	// CurrentStreak and Streak both hold the user's run of consecutive
	// check-in days in the challenge after this call.
	CurrentStreak int `json:"current_streak"`
	Streak        int `json:"streak"`
	// IsAlreadyCheckedIn is true when another call or workout already holds
	// the day's check-in.
	IsAlreadyCheckedIn bool `json:"is_already_checked_in"`
	// CheckInID is the id of the day's check-in, empty when the day has
	// none.
	CheckInID string `json:"check_in_id"`
	// WorkoutID is the record id of the workout the reply is about, empty
	// when none was stored.
	WorkoutID string `json:"workout_id"`
	// ChallengeID is the challenge of the call, empty when it was invalid.
	ChallengeID string `json:"challenge_id"`
	// ErrorCode is CodeInvalidInput, CodeChallengeNotFound or
	// CodeInternalError when Success is false.
	ErrorCode string `json:"error_code"`
}

// MarshalJSON writes the reply with null for the empty ids and error code.
func (r CheckInReply) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Success            bool    `json:"success"`
		Message            string  `json:"message"`
		PointsEarned       int     `json:"points_earned"`
		CurrentStreak      int     `json:"current_streak"`
		Streak             int     `json:"streak"`
		IsAlreadyCheckedIn bool    `json:"is_already_checked_in"`
		CheckInID          *string `json:"check_in_id"`
		WorkoutID          *string `json:"workout_id"`
		ChallengeID        *string `json:"challenge_id"`
		ErrorCode          *string `json:"error_code"`
	}{
		r.Success, r.Message, r.PointsEarned, r.CurrentStreak, r.Streak, r.IsAlreadyCheckedIn,
		nullable(r.CheckInID), nullable(r.WorkoutID), nullable(r.ChallengeID), nullable(r.ErrorCode),
	})
}

// checkInParamNames names the workout fields as
// record_challenge_check_in_v2's parameters.
var checkInParamNames = workoutParams{
	"user_id":          "_user_id",
	"workout_name":     "_workout_name",
	"workout_type":     "_workout_type",
	"duration_minutes": "_duration_minutes",
	"date":             "_date",
	"workout_id":       "_workout_id",
	"idempotency_key":  "_workout_id",
	"challenge_id":     "_challenge_id",
}

// RecordChallengeCheckInV2 stores the workout of a check-in, or reuses the
// user's record named by WorkoutID, and replies whether it earned the
// day's check-in, decided at once with the ranking rules (see the package
// documentation). Concurrent calls of one user are serialized. The
// returned error is a *ForbiddenError when auth may not act for the user,
// and nil otherwise.
func (s *Service) RecordChallengeCheckInV2(ctx context.Context, auth Auth, params CheckInParams) (CheckInReply, error) {
	var problems fieldProblems
	userID := problems.requiredUUID("_user_id", params.UserID)
	challengeID := problems.requiredUUID("_challenge_id", params.ChallengeID)
	date := problems.timestamp("_date", params.Date)
	if !date.IsZero() {
		date = legacyWallClock(date, s.zone)
	}
	if err := authorizeFor(FunctionRecordChallengeCheckInV2, auth, userID); err != nil {
		return CheckInReply{}, err
	}

	w := workout.Workout{
		UserID:          userID,
		ClientWorkoutID: params.WorkoutID,
		Name:            strings.TrimSpace(params.WorkoutName),
		Type:            strings.TrimSpace(params.WorkoutType),
		Date:            date,
		DurationMinutes: params.DurationMinutes,
		ChallengeID:     challengeID,
		IdempotencyKey:  idempotencyKey(params.WorkoutID),
	}
	if err := s.useStoredNameAndType(ctx, &w); err != nil {
		return s.checkInInternal(ctx, w, err), nil
	}
	s.precheck(&problems, w, checkInParamNames)
	if !problems.empty() {
		return checkInFailure(challengeID, CodeInvalidInput, problems.message()), nil
	}

	unlock, err := s.locker.Lock(ctx, UserLockKey(userID))
	if err != nil {
		return s.checkInInternal(ctx, w, err), nil
	}
	defer unlock()
	return s.checkIn(ctx, w), nil
}

// checkIn runs a valid check-in call while holding the user's lock.
func (s *Service) checkIn(ctx context.Context, w workout.Workout) CheckInReply {
	ch, err := s.store.Challenge(ctx, w.ChallengeID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return checkInFailure(w.ChallengeID, CodeChallengeNotFound, MessageChallengeNotFound)
	case err != nil:
		return s.checkInInternal(ctx, w, err)
	}

	target, failure, err := s.resolveCheckInWorkout(ctx, w)
	switch {
	case err != nil:
		return s.checkInInternal(ctx, w, err)
	case failure != nil:
		return *failure
	}

	in, err := s.loadDecisionInput(ctx, ch, w.UserID, target)
	if err != nil {
		return s.checkInInternal(ctx, target, err)
	}
	outcome, err := decideCheckIn(in, s.clock.Now())
	if err != nil {
		return s.checkInInternal(ctx, target, err)
	}
	outcome, err = s.announce(ctx, outcome, target.ID, ch.ID)
	if err != nil {
		return s.checkInInternal(ctx, target, err)
	}
	return outcome.reply(target.ID, ch.ID)
}

// loadDecisionInput reads the user's participant row, profile and
// challenge workouts after the call's change.
func (s *Service) loadDecisionInput(ctx context.Context, ch ranking.Challenge, userID uuid.UUID, target workout.Workout) (decisionInput, error) {
	in := decisionInput{challenge: ch, target: target}

	participant, err := s.store.Participant(ctx, ch.ID, userID)
	switch {
	case err == nil:
		in.participant = &participant
	case !errors.Is(err, storage.ErrNotFound):
		return decisionInput{}, err
	}

	in.profile, err = s.store.Profile(ctx, userID)
	if errors.Is(err, storage.ErrNotFound) {
		in.profile, err = workout.DefaultProfile(userID), nil
	}
	if err != nil {
		return decisionInput{}, err
	}
	in.profile.ID = userID

	in.workouts, err = s.store.ChallengeWorkouts(ctx, ch.ID, userID)
	return in, err
}

func (s *Service) checkInInternal(ctx context.Context, w workout.Workout, err error) CheckInReply {
	s.logger.ErrorContext(ctx, "compat: record_challenge_check_in_v2 failed",
		"user_id", w.UserID, "challenge_id", w.ChallengeID, "workout_id", w.ID, "error", err)
	return checkInFailure(w.ChallengeID, CodeInternalError, MessageCheckInInternal)
}

func checkInFailure(challengeID uuid.UUID, code, message string) CheckInReply {
	reply := CheckInReply{Success: false, Message: message, ErrorCode: code}
	if challengeID != uuid.Nil {
		reply.ChallengeID = challengeID.String()
	}
	return reply
}
