package compattest

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/compat"
)

// securityCases cover which users a caller may act for, and calls that
// match no function.
func securityCases() []Case {
	return []Case{
		{
			Name: "user records own workout",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Auth:     asMember,
				Args: func(s *State) map[string]any {
					return basic(s, s.Member, s.Instant(30*time.Minute), 30, s.ClientID("a"))
				},
				Want: basicSuccess(compat.MessageWorkoutRecorded, false),
			}},
		},
		{
			Name: "user records for another user",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Auth:     asOutsider,
				Args: func(s *State) map[string]any {
					return basic(s, s.Member, s.Instant(30*time.Minute), 30, s.ClientID("a"))
				},
				Want: Want{Status: http.StatusForbidden},
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "user checks in for another user",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Auth:     asOutsider,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, s.ClientID("a"))
				},
				Want: Want{Status: http.StatusForbidden},
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "user checks in for itself",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Auth:     asMember,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, s.ClientID("a"))
				},
				Want: newCheckIn(1),
			}},
		},
		{
			Name: "user retries another user's workout",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						return basic(s, s.Member, s.Instant(30*time.Minute), 30, s.ClientID("a"))
					},
					Want: basicSuccess(compat.MessageWorkoutRecorded, false),
				},
				{
					Function: compat.FunctionRetryWorkoutProcessing,
					Auth:     asOutsider,
					Args:     func(s *State) map[string]any { return map[string]any{"_workout_id": s.String(0, "workout_id")} },
					Want:     Want{Status: http.StatusForbidden},
				},
			},
		},
		{
			Name: "user may not diagnose",
			Steps: []Step{{
				Function: compat.FunctionDiagnoseAndRecover,
				Auth:     asMember,
				Args:     func(s *State) map[string]any { return map[string]any{} },
				Want:     Want{Status: http.StatusForbidden},
			}},
		},
		{
			Name: "unknown function",
			Steps: []Step{{
				Function: "record_challenge_check_in",
				Args:     func(s *State) map[string]any { return checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, "") },
				Want:     Want{Status: http.StatusNotFound},
			}},
		},
		{
			Name: "unknown parameter",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					args := checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, "")
					args["_points"] = 10
					return args
				},
				Want: Want{Status: http.StatusNotFound},
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "missing required parameter",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args: func(s *State) map[string]any {
					args := basic(s, s.Member, s.Instant(30*time.Minute), 30, "")
					delete(args, "p_date")
					return args
				},
				Want: Want{Status: http.StatusNotFound},
			}},
		},
		{
			Name: "minimal check-in parameters",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return map[string]any{
						"_challenge_id": s.ChallengeID.String(), "_date": s.Quirk(30 * time.Minute),
						"_duration_minutes": 60, "_user_id": s.Member.String(),
					}
				},
				Want: withContains(checkInFailure(compat.CodeInvalidInput), "message", "_workout_name"),
			}},
		},
	}
}

// randomID returns a fresh record id that names no workout.
func randomID() string { return uuid.NewString() }
