package compattest

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
)

// longClientID returns a client workout id of n characters unique to the
// case, made of multi-byte characters so that a length counted in bytes
// would differ.
func longClientID(s *State, n int) string {
	prefix := s.ClientID("longo") + "-"
	return prefix + strings.Repeat("é", n-len(prefix))
}

// hashedKey is the idempotency key derived from a client workout id longer
// than 200 characters.
func hashedKey(clientID string) string {
	sum := sha256.Sum256([]byte(clientID))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// inputCases cover the limits of the client workout id and of the date.
func inputCases() []Case {
	return []Case{
		{
			Name: "basic long client id is idempotent",
			Steps: []Step{
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						return basic(s, s.Member, s.Instant(30*time.Minute), 30, longClientID(s, 201))
					},
					Want: basicSuccess(compat.MessageWorkoutRecorded, false),
				},
				{
					Function: compat.FunctionRecordWorkoutBasic,
					Args: func(s *State) map[string]any {
						return basic(s, s.Member, s.Instant(30*time.Minute), 30, longClientID(s, 201))
					},
					Want: withSameAs(basicSuccess(compat.MessageWorkoutReplayed, false), map[string]int{"workout_id": 0}),
				},
			},
			After: func(t *testing.T, env Env, s *State) {
				stored := RequireWorkouts(t, env, s.Member, 1)
				require.Equal(t, longClientID(s, 201), stored[0].ClientWorkoutID, "client id stored as given")
				require.Equal(t, hashedKey(longClientID(s, 201)), stored[0].IdempotencyKey)
			},
		},
		{
			Name: "basic client id of 200 characters is the key",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args: func(s *State) map[string]any {
					return basic(s, s.Member, s.Instant(30*time.Minute), 30, longClientID(s, 200))
				},
				Want: basicSuccess(compat.MessageWorkoutRecorded, false),
			}},
			After: func(t *testing.T, env Env, s *State) {
				stored := RequireWorkouts(t, env, s.Member, 1)
				require.Equal(t, longClientID(s, 200), stored[0].IdempotencyKey)
			},
		},
		{
			Name: "basic client id of 2000 characters",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args: func(s *State) map[string]any {
					return basic(s, s.Member, s.Instant(30*time.Minute), 30, longClientID(s, 2000))
				},
				Want: basicSuccess(compat.MessageWorkoutRecorded, false),
			}},
			After: func(t *testing.T, env Env, s *State) {
				stored := RequireWorkouts(t, env, s.Member, 1)
				require.Equal(t, longClientID(s, 2000), stored[0].ClientWorkoutID)
			},
		},
		{
			Name: "basic client id over 2000 characters",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args: func(s *State) map[string]any {
					return basic(s, s.Member, s.Instant(30*time.Minute), 30, longClientID(s, 2001))
				},
				Want: withFields(basicFailure(compat.CodeInvalidInput),
					map[string]any{"message": "Dados inválidos: p_workout_id tem mais de 2000 caracteres"}),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "check-in long client id retried",
			Steps: []Step{
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(20*time.Minute), 60, longClientID(s, 500))
					},
					Want: newCheckIn(1),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(20*time.Minute), 60, longClientID(s, 500))
					},
					Want: withSameAs(alreadyCheckedIn(1), map[string]int{"workout_id": 0, "check_in_id": 0}),
				},
			},
			After: func(t *testing.T, env Env, s *State) {
				stored := RequireWorkouts(t, env, s.Member, 1)
				require.Equal(t, longClientID(s, 500), stored[0].ClientWorkoutID)
			},
		},
		{
			Name: "check-in client id over 2000 characters",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, s.Quirk(20*time.Minute), 60, longClientID(s, 2001))
				},
				Want: withFields(checkInFailure(compat.CodeInvalidInput),
					map[string]any{"message": "Dados inválidos: _workout_id tem mais de 2000 caracteres"}),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "basic date before 1900",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args:     func(s *State) map[string]any { return basic(s, s.Member, "1899-12-31T23:59:59Z", 30, s.ClientID("a")) },
				Want: withFields(basicFailure(compat.CodeInvalidInput),
					map[string]any{"message": "Dados inválidos: p_date é anterior a 1900-01-01"}),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "basic date of 1900-01-01",
			Steps: []Step{{
				Function: compat.FunctionRecordWorkoutBasic,
				Args:     func(s *State) map[string]any { return basic(s, s.Member, "1900-01-01T00:00:00Z", 30, s.ClientID("a")) },
				Want:     basicSuccess(compat.MessageWorkoutRecorded, true),
			}},
		},
		{
			Name: "check-in date before 1900",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, "1850-06-02T20:00:00.000Z", 60, s.ClientID("a"))
				},
				Want: withFields(checkInFailure(compat.CodeInvalidInput),
					map[string]any{"message": "Dados inválidos: _date é anterior a 1900-01-01"}),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		dateFormsCase(),
	}
}
