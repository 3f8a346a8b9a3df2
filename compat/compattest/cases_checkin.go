package compattest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/ranking"
)

// checkInCases cover every row of the check-in reply table.
func checkInCases() []Case {
	return []Case{
		{
			Name: "check-in new earns points",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, s.ClientID("a"))
				},
				Want: newCheckIn(1),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 1) },
		},
		{
			Name: "check-in second of day already checked in",
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
						return checkIn(s, s.Member, s.Quirk(10*time.Minute), 50, s.ClientID("b"))
					},
					Want: withSameAs(alreadyCheckedIn(1), map[string]int{"check_in_id": 0}),
				},
			},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 2) },
		},
		{
			// The earlier workout now owns the day's check-in, so its call
			// gets the new check-in reply for the same check-in id.
			Name: "check-in earlier workout takes day",
			Steps: []Step{
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(10*time.Minute), 60, s.ClientID("late"))
					},
					Want: newCheckIn(1),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args: func(s *State) map[string]any {
						return checkIn(s, s.Member, s.Quirk(90*time.Minute), 60, s.ClientID("early"))
					},
					Want: withSameAs(newCheckIn(1), map[string]int{"check_in_id": 0}),
				},
			},
		},
		{
			Name: "check-in shorter than minimum",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, s.Quirk(30*time.Minute), 44, s.ClientID("a"))
				},
				Want: noPoints("Duração mínima para desafios é de 45 minutos."),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 1) },
		},
		{
			Name: "check-in of exactly minimum counts",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, s.Quirk(30*time.Minute), 45, s.ClientID("a"))
				},
				Want: newCheckIn(1),
			}},
		},
		{
			Name:      "check-in configured minimum in message",
			Challenge: func(c *ranking.Challenge) { c.MinDurationMinutes = 60 },
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, s.Quirk(30*time.Minute), 59, s.ClientID("a"))
				},
				Want: noPoints("Duração mínima para desafios é de 60 minutos."),
			}},
		},
		{
			Name:      "check-in configured points",
			Challenge: func(c *ranking.Challenge) { c.PointsPerCheckIn = 25 },
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, s.Quirk(30*time.Minute), 50, s.ClientID("a"))
				},
				Want: Want{Fields: map[string]any{"success": true, "points_earned": 25, "message": compat.MessageCheckInRecorded}},
			}},
		},
		{
			Name: "check-in of non-participant",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Outsider, s.Quirk(30*time.Minute), 60, s.ClientID("a"))
				},
				Want: noPoints(compat.MessageNotParticipant),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Outsider, 1) },
		},
		{
			Name:         "check-in of dropped participant",
			MemberStatus: ranking.StatusDropped,
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, s.ClientID("a"))
				},
				Want: noPoints(compat.MessageNotParticipant),
			}},
		},
		{
			Name: "check-in before challenge start",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args:     func(s *State) map[string]any { return checkIn(s, s.Member, s.QuirkOn(8, 10, 0), 60, s.ClientID("a")) },
				Want:     noPoints(compat.MessageOutsideWindow),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 1) },
		},
		{
			Name: "check-in after challenge end",
			Challenge: func(c *ranking.Challenge) {
				c.StartDate = c.StartDate.AddDate(0, 0, -20)
				c.EndDate = c.StartDate.AddDate(0, 0, 5)
			},
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, s.ClientID("a"))
				},
				Want: noPoints(compat.MessageOutsideWindow),
			}},
		},
		{
			Name: "check-in unknown challenge",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					args := checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, s.ClientID("a"))
					args["_challenge_id"] = uuid.NewSHA1(s.ChallengeID, []byte("unknown")).String()
					return args
				},
				Want: withFields(checkInFailure(compat.CodeChallengeNotFound), map[string]any{"message": compat.MessageChallengeNotFound}),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "check-in invalid duration",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					return checkIn(s, s.Member, s.Quirk(30*time.Minute), 0, s.ClientID("a"))
				},
				Want: withContains(withFields(checkInFailure(compat.CodeInvalidInput), map[string]any{"challenge_id": Dynamic(challengeID)}),
					"message", "_duration_minutes"),
			}},
			After: func(t *testing.T, env Env, s *State) { RequireWorkouts(t, env, s.Member, 0) },
		},
		{
			Name: "check-in missing name and type",
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					args := checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, s.ClientID("a"))
					args["_workout_name"] = " "
					args["_workout_type"] = nil
					return args
				},
				Want: withContains(checkInFailure(compat.CodeInvalidInput), "message", "_workout_name", "_workout_type"),
			}},
		},
		{
			Name:                "check-in malformed challenge id",
			MalformedTypedValue: true,
			Steps: []Step{{
				Function: compat.FunctionRecordChallengeCheckInV2,
				Args: func(s *State) map[string]any {
					args := checkIn(s, s.Member, s.Quirk(30*time.Minute), 60, s.ClientID("a"))
					args["_challenge_id"] = "desafio-21-dias"
					return args
				},
				Want: withContains(withFields(checkInFailure(compat.CodeInvalidInput), map[string]any{"challenge_id": nil}),
					"message", "_challenge_id"),
			}},
		},
		{
			Name: "check-in date read as local wall clock",
			Steps: []Step{
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args:     func(s *State) map[string]any { return checkIn(s, s.Member, s.QuirkOn(2, 20, 0), 60, s.ClientID("a")) },
					Want:     newCheckIn(1),
				},
				{
					// 01:00 local on the next day: read as a UTC instant it
					// would be 22:00 of the first day in Sao Paulo.
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args:     func(s *State) map[string]any { return checkIn(s, s.Member, s.QuirkOn(1, 1, 0), 60, s.ClientID("b")) },
					Want:     newCheckIn(2),
				},
				{
					Function: compat.FunctionRecordChallengeCheckInV2,
					Args:     func(s *State) map[string]any { return checkIn(s, s.Member, s.QuirkOn(1, 23, 30), 60, s.ClientID("c")) },
					Want:     withSameAs(alreadyCheckedIn(2), map[string]int{"check_in_id": 1}),
				},
			},
		},
	}
}

func withSameAs(w Want, same map[string]int) Want {
	w.SameAs = same
	return w
}

func withFields(w Want, fields map[string]any) Want {
	merged := make(map[string]any, len(w.Fields)+len(fields))
	for k, v := range w.Fields {
		merged[k] = v
	}
	for k, v := range fields {
		merged[k] = v
	}
	w.Fields = merged
	return w
}

func withContains(w Want, key string, parts ...string) Want {
	contains := map[string][]string{}
	for k, v := range w.Contains {
		contains[k] = v
	}
	contains[key] = append(contains[key], parts...)
	w.Contains = contains
	return w
}
