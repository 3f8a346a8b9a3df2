package compattest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
)

// legacyBugCases cover the mistakes of the legacy backend that the app's
// flows used to trigger.
func legacyBugCases() []Case {
	return []Case{
		{
			Name: "basic then check-in keeps one workout",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						return basic(s, s.Member, s.Instant(40*time.Minute), 60, s.ClientID("a"))
					},
					Want: Want{Fields: map[string]any{"success": true, "message": compat.MessageWorkoutRecorded}},
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, s.String(0, "workout_id"))
					},
					Want: withSameAs(newCheckIn(1), map[string]int{"workout_id": 0}),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, s.String(0, "workout_id"))
					},
					Want: withSameAs(alreadyCheckedIn(1), map[string]int{"workout_id": 0, "check_in_id": 1}),
				},
			},
			After: func(t *testing.T, env Env, s *State) {
				stored := RequireWorkouts(t, env, s.Member, 1)
				require.Equal(t, s.ChallengeID, stored[0].ChallengeID)
			},
		},
		{
			Name: "basic with challenge then check-in",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						args := basic(s, s.Member, s.Instant(40*time.Minute), 60, s.ClientID("a"))
						args["p_challenge_id"] = s.ChallengeID.String()
						return args
					},
					Want: Want{Fields: map[string]any{"success": true, "processing_queued": true}},
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, s.String(0, "workout_id"))
					},
					Want: withSameAs(newCheckIn(1), map[string]int{"workout_id": 0}),
				},
			},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 1) },
		},
		{
			Name: "basic then check-in by client id",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						return basic(s, s.Member, s.Instant(40*time.Minute), 60, "treino #7 😀")
					},
					Want: Want{Fields: map[string]any{"success": true}},
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, "treino #7 😀")
					},
					Want: withSameAs(newCheckIn(1), map[string]int{"workout_id": 0}),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, "treino #7 😀")
					},
					Want: withSameAs(alreadyCheckedIn(1), map[string]int{"workout_id": 0, "check_in_id": 1}),
				},
			},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 1) },
		},
		{
			Name: "basic with challenge then check-in by client id",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						args := basic(s, s.Member, s.Instant(40*time.Minute), 60, s.ClientID("a"))
						args["p_challenge_id"] = s.ChallengeID.String()
						return args
					},
					Want: Want{Fields: map[string]any{"success": true, "message": compat.MessageWorkoutRecorded}},
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, s.ClientID("a"))
					},
					Want: withSameAs(newCheckIn(1), map[string]int{"workout_id": 0}),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, s.String(0, "workout_id"))
					},
					Want: withSameAs(alreadyCheckedIn(1), map[string]int{"workout_id": 0, "check_in_id": 1}),
				},
			},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 1) },
		},
		{
			Name: "check-in by record id repeated",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						args := basic(s, s.Member, s.Instant(40*time.Minute), 60, s.ClientID("a"))
						args["p_challenge_id"] = s.ChallengeID.String()
						return args
					},
					Want: Want{Fields: map[string]any{"success": true}},
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, s.String(0, "workout_id"))
					},
					Want: withSameAs(newCheckIn(1), map[string]int{"workout_id": 0}),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, s.String(0, "workout_id"))
					},
					Want: withSameAs(alreadyCheckedIn(1), map[string]int{"workout_id": 0, "check_in_id": 1}),
				},
			},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 1) },
		},
		{
			Name: "check-in retried replies already",
			Steps: []Step{
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(20*time.Minute), 60, s.ClientID("a"))
					},
					Want: newCheckIn(1),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(20*time.Minute), 60, s.ClientID("a"))
					},
					Want: withSameAs(alreadyCheckedIn(1), map[string]int{"workout_id": 0, "check_in_id": 0}),
				},
			},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 1) },
		},
		{
			Name: "check-in without workout id retried",
			Steps: []Step{
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args:     func(s *State) map[string]any { return checkIn(s, s.Member, s.Quirk(20*time.Minute), 60, "") },
					Want:     newCheckIn(1),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args:     func(s *State) map[string]any { return checkIn(s, s.Member, s.Quirk(20*time.Minute), 60, "") },
					Want:     withSameAs(alreadyCheckedIn(1), map[string]int{"workout_id": 0, "check_in_id": 0}),
				},
			},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 1) },
		},
		{
			Name: "check-in non-UUID workout id",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, s.Quirk(20*time.Minute), 60, "1717354800000")
				},
				Want: newCheckIn(1),
			}},
			After: func(t *testing.T, env Env, s *State) {
				stored := RequireWorkouts(t, env, s.Member, 1)
				require.Equal(t, "1717354800000", stored[0].ClientWorkoutID)
			},
		},
		{
			Name: "check-in short after checked-in day",
			Steps: []Step{
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(60*time.Minute), 60, s.ClientID("a"))
					},
					Want: newCheckIn(1),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(10*time.Minute), 20, s.ClientID("b"))
					},
					Want: alreadyCheckedIn(1),
				},
			},
		},
		{
			Name: "check-in with record of other challenge",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						args := basic(s, s.Member, s.Instant(40*time.Minute), 60, s.ClientID("a"))
						args["p_challenge_id"] = s.OtherChallengeID.String()
						return args
					},
					Want: Want{Fields: map[string]any{"success": true}},
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(40*time.Minute), 60, s.String(0, "workout_id"))
					},
					Want: withContains(withFields(checkInFailure(compat.CodeInvalidInput), map[string]any{"challenge_id": Dynamic(challengeID)}),
						"message", "_workout_id"),
				},
			},
			After: func(t *testing.T, env Env, s *State) {
				stored := RequireWorkouts(t, env, s.Member, 1)
				require.Equal(t, s.OtherChallengeID, stored[0].ChallengeID)
			},
		},
	}
}
