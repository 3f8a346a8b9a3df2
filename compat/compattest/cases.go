package compattest

import (
	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/compat"
)

// Cases returns the shared cases, in a fixed order. Each case works on its
// own fresh challenge and users, so the cases may share one store.
func Cases() []Case {
	var all []Case
	all = append(all, checkInCases()...)
	all = append(all, legacyBugCases()...)
	all = append(all, existingRecordCases()...)
	all = append(all, basicCases()...)
	all = append(all, inputCases()...)
	all = append(all, securityCases()...)
	all = append(all, operatorCases()...)
	return all
}

// challengeID is the case's challenge id as a reply holds it.
func challengeID(s *State) any { return s.ChallengeID.String() }

// asMember and asOutsider are step callers signed in as the case's users.
func asMember(s *State) compat.Auth   { return compat.UserAuth(s.Member) }
func asOutsider(s *State) compat.Auth { return compat.UserAuth(s.Outsider) }

// checkIn returns the arguments of a check-in of the user, with the
// app's quirky date.
func checkIn(s *State, user uuid.UUID, date string, minutes int, workoutID string) map[string]any {
	return map[string]any{
		"_challenge_id":     s.ChallengeID.String(),
		"_date":             date,
		"_duration_minutes": minutes,
		"_user_id":          user.String(),
		"_workout_id":       workoutID,
		"_workout_name":     "Corrida no parque",
		"_workout_type":     "Cardio",
	}
}

// basic returns the arguments of a record_workout_basic call without a
// challenge, with a real instant as date.
func basic(s *State, user uuid.UUID, date string, minutes int, clientID string) map[string]any {
	return map[string]any{
		"p_user_id":           user.String(),
		"p_workout_name":      "Musculação",
		"p_workout_type":      "Força",
		"p_duration_minutes":  minutes,
		"p_date":              date,
		"p_challenge_id":      nil,
		"p_workout_id":        clientID,
		"p_notes":             "",
		"p_workout_record_id": nil,
	}
}

// newCheckIn is the reply of a check-in that earned the default points.
func newCheckIn(streak int) Want {
	return Want{
		Fields: map[string]any{
			"success": true, "points_earned": 10, "message": compat.MessageCheckInRecorded,
			"is_already_checked_in": false, "current_streak": streak, "streak": streak,
			"challenge_id": Dynamic(challengeID), "error_code": nil,
		},
		NotNull: []string{"check_in_id", "workout_id"},
	}
}

// alreadyCheckedIn is the reply of a check-in on a day that has one.
func alreadyCheckedIn(streak int) Want {
	return Want{
		Fields: map[string]any{
			"success": true, "points_earned": 0, "message": compat.MessageAlreadyCheckedIn,
			"is_already_checked_in": true, "current_streak": streak, "streak": streak,
			"challenge_id": Dynamic(challengeID), "error_code": nil,
		},
		NotNull: []string{"check_in_id", "workout_id"},
	}
}

// noPoints is a success reply with 0 points and message, which the app
// shows as an error. The workout is stored and the day has no check-in.
func noPoints(message string) Want {
	return Want{
		Fields: map[string]any{
			"success": true, "points_earned": 0, "message": message,
			"is_already_checked_in": false, "current_streak": 0, "streak": 0,
			"check_in_id": nil, "challenge_id": Dynamic(challengeID), "error_code": nil,
		},
		NotNull:  []string{"workout_id"},
		Excludes: map[string][]string{"message": {"já"}},
	}
}

// checkInFailure is a success false reply with the error code.
func checkInFailure(code string) Want {
	return Want{
		Fields: map[string]any{
			"success": false, "points_earned": 0, "error_code": code,
			"is_already_checked_in": false, "workout_id": nil, "check_in_id": nil,
		},
		NotNull:  []string{"message"},
		Excludes: map[string][]string{"message": {"já"}},
	}
}
