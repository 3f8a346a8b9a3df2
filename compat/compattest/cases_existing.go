package compattest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
)

// existingRecordCases cover check-ins that name a stored record instead of
// describing a new workout, so that _workout_name and _workout_type are
// optional only when the record exists and belongs to the user.
func existingRecordCases() []Case {
	return []Case{
		{
			Name: "check-in existing record without name",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						return basic(s, s.Member, s.Instant(40*time.Minute), 60, s.ClientID("a"))
					},
					Want: Want{Fields: map[string]any{"success": true}},
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						args := checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, s.String(0, "workout_id"))
						delete(args, "_workout_name")
						delete(args, "_workout_type")
						return args
					},
					Want: withSameAs(newCheckIn(1), map[string]int{"workout_id": 0}),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						args := checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, s.String(0, "workout_id"))
						args["_workout_name"] = nil
						args["_workout_type"] = ""
						return args
					},
					Want: withSameAs(alreadyCheckedIn(1), map[string]int{"workout_id": 0, "check_in_id": 1}),
				},
			},
			After: func(t *testing.T, env Env, s *State) {
				stored := RequireWorkouts(t, env, s.Member, 1)
				require.Equal(t, "Musculação", stored[0].Name)
				require.Equal(t, "Força", stored[0].Type)
				require.Equal(t, s.ChallengeID, stored[0].ChallengeID)
			},
		},
		{
			Name: "check-in unknown record without name",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					args := checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, uuid.NewSHA1(s.Member, []byte("missing")).String())
					delete(args, "_workout_name")
					delete(args, "_workout_type")
					return args
				},
				Want: withContains(withFields(checkInFailure(compat.CodeInvalidInput), map[string]any{"challenge_id": Dynamic(challengeID)}),
					"message", "_workout_name", "_workout_type"),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "check-in other user's record without name",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						return basic(s, s.Outsider, s.Instant(40*time.Minute), 60, s.ClientID("a"))
					},
					Want: Want{Fields: map[string]any{"success": true}},
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						args := checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, s.String(0, "workout_id"))
						delete(args, "_workout_name")
						delete(args, "_workout_type")
						return args
					},
					Want: withContains(checkInFailure(compat.CodeInvalidInput), "message", "_workout_name", "_workout_type"),
				},
			},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "check-in repeated identical call",
			Steps: []Step{
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, s.ClientID("a"))
					},
					Want: newCheckIn(1),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, s.ClientID("a"))
					},
					Want: withSameAs(alreadyCheckedIn(1), map[string]int{"workout_id": 0, "check_in_id": 0}),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, s.String(0, "workout_id"))
					},
					Want: withSameAs(alreadyCheckedIn(1), map[string]int{"workout_id": 0, "check_in_id": 0}),
				},
			},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 1) },
		},
	}
}
