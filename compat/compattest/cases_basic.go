package compattest

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
)

// basicSuccess is the reply of a recorded workout.
func basicSuccess(message string, retroactive bool) Want {
	return Want{
		Fields: map[string]any{
			"success": true, "message": message, "processing_queued": true,
			"is_retroactive": retroactive, "error_code": nil,
		},
		NotNull: []string{"workout_id"},
	}
}

// basicFailure is the reply of a rejected record_workout_basic call.
func basicFailure(code string) Want {
	return Want{
		Fields: map[string]any{
			"success": false, "error_code": code, "workout_id": nil,
			"processing_queued": false, "is_retroactive": false,
		},
		NotNull: []string{"message"},
	}
}

// basicCases cover record_workout_basic.
func basicCases() []Case {
	return []Case{
		{
			Name: "basic records workout",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args: func(s *State) map[string]any {
					return basic(s, s.Member, s.Instant(30*time.Minute), 30, s.ClientID("a"))
				},
				Want: basicSuccess(compat.MessageWorkoutRecorded, false),
			}},
			After: func(t *testing.T, env Env, s *State) {
				stored := RequireWorkouts(t, env, s.Member, 1)
				require.Equal(t, uuid.Nil, stored[0].ChallengeID)
				require.Equal(t, 30, stored[0].DurationMinutes)
			},
		},
		{
			Name: "basic old date is retroactive",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args:     func(s *State) map[string]any { return basic(s, s.Member, s.Instant(49*time.Hour), 30, s.ClientID("a")) },
				Want:     basicSuccess(compat.MessageWorkoutRecorded, true),
			}},
		},
		{
			Name: "basic resubmission returns first record",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						return basic(s, s.Member, s.Instant(30*time.Minute), 30, s.ClientID("a"))
					},
					Want: basicSuccess(compat.MessageWorkoutRecorded, false),
				},
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						return basic(s, s.Member, s.Instant(30*time.Minute), 30, s.ClientID("a"))
					},
					Want: withSameAs(basicSuccess(compat.MessageWorkoutReplayed, false), map[string]int{"workout_id": 0}),
				},
			},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 1) },
		},
		{
			Name: "basic identical without client id",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args:     func(s *State) map[string]any { return basic(s, s.Member, s.Instant(30*time.Minute), 30, "") },
					Want:     basicSuccess(compat.MessageWorkoutRecorded, false),
				},
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args:     func(s *State) map[string]any { return basic(s, s.Member, s.Instant(30*time.Minute), 30, "") },
					Want:     withSameAs(basicSuccess(compat.MessageWorkoutReplayed, false), map[string]int{"workout_id": 0}),
				},
			},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 1) },
		},
		{
			Name: "basic invalid input names every field",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args: func(s *State) map[string]any {
					args := basic(s, s.Member, s.Instant(30*time.Minute), 0, s.ClientID("a"))
					args["p_workout_name"] = ""
					args["p_notes"] = strings.Repeat("a", 2001)
					return args
				},
				Want: withContains(basicFailure(compat.CodeInvalidInput), "message",
					"p_duration_minutes", "p_workout_name", "p_notes"),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			// PostgreSQL text cannot hold NUL, so a SQL function never
			// receives it.
			Name:                "basic NUL in notes",
			MalformedTypedValue: true,
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args: func(s *State) map[string]any {
					args := basic(s, s.Member, s.Instant(30*time.Minute), 30, s.ClientID("a"))
					args["p_notes"] = "nota com \u0000 nulo"
					return args
				},
				Want: withContains(basicFailure(compat.CodeInvalidInput), "message", "p_notes"),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "basic date far in future",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args: func(s *State) map[string]any {
					return basic(s, s.Member, s.Instant(-48*time.Hour), 30, s.ClientID("a"))
				},
				Want: withContains(basicFailure(compat.CodeInvalidInput), "message", "p_date"),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "basic accents and emoji",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args: func(s *State) map[string]any {
					args := basic(s, s.Member, s.Instant(30*time.Minute), 30, "")
					args["p_workout_name"] = "Treino de força 💪"
					args["p_notes"] = "Ótimo, sem dor"
					return args
				},
				Want: basicSuccess(compat.MessageWorkoutRecorded, false),
			}},
		},
		{
			Name: "basic unknown challenge",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args: func(s *State) map[string]any {
					args := basic(s, s.Member, s.Instant(30*time.Minute), 30, s.ClientID("a"))
					args["p_challenge_id"] = uuid.NewSHA1(s.ChallengeID, []byte("unknown")).String()
					return args
				},
				Want: withFields(basicFailure(compat.CodeChallengeNotFound), map[string]any{"message": compat.MessageChallengeNotFound}),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "basic empty challenge id means none",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args: func(s *State) map[string]any {
					args := basic(s, s.Member, s.Instant(30*time.Minute), 30, s.ClientID("a"))
					args["p_challenge_id"] = ""
					args["p_workout_record_id"] = ""
					return args
				},
				Want: basicSuccess(compat.MessageWorkoutRecorded, false),
			}},
		},
		{
			Name: "basic edit updates in place",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						return basic(s, s.Member, s.Instant(30*time.Minute), 30, s.ClientID("a"))
					},
					Want: basicSuccess(compat.MessageWorkoutRecorded, false),
				},
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						args := basic(s, s.Member, s.Instant(30*time.Minute), 75, s.ClientID("a"))
						args["p_workout_record_id"] = s.String(0, "workout_id")
						args["p_challenge_id"] = s.ChallengeID.String()
						return args
					},
					Want: withSameAs(basicSuccess(compat.MessageWorkoutRecorded, false), map[string]int{"workout_id": 0}),
				},
			},
			After: func(t *testing.T, env Env, s *State) {
				stored := RequireWorkouts(t, env, s.Member, 1)
				require.Equal(t, 75, stored[0].DurationMinutes)
				require.Equal(t, s.ChallengeID, stored[0].ChallengeID)
			},
		},
		{
			Name: "basic edit of unknown record",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args: func(s *State) map[string]any {
					args := basic(s, s.Member, s.Instant(30*time.Minute), 30, s.ClientID("a"))
					args["p_workout_record_id"] = uuid.NewSHA1(s.ChallengeID, []byte("record")).String()
					return args
				},
				Want: withFields(basicFailure(compat.CodeWorkoutNotFound), map[string]any{"message": compat.MessageWorkoutNotFound}),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "basic edit of other user's record",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						return basic(s, s.Member, s.Instant(30*time.Minute), 30, s.ClientID("a"))
					},
					Want: basicSuccess(compat.MessageWorkoutRecorded, false),
				},
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						args := basic(s, s.Outsider, s.Instant(30*time.Minute), 90, s.ClientID("b"))
						args["p_workout_record_id"] = s.String(0, "workout_id")
						return args
					},
					Want: basicFailure(compat.CodeWorkoutNotFound),
				},
			},
			After: func(t *testing.T, env Env, s *State) {
				stored := RequireWorkouts(t, env, s.Member, 1)
				require.Equal(t, 30, stored[0].DurationMinutes)
			},
		},
		{
			Name:                "basic malformed date",
			MalformedTypedValue: true,
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args:     func(s *State) map[string]any { return basic(s, s.Member, "ontem à noite", 30, s.ClientID("a")) },
				Want:     withContains(basicFailure(compat.CodeInvalidInput), "message", "p_date"),
			}},
		},
	}
}
