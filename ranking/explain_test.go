package ranking

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestExplainReasons(t *testing.T) {
	t.Parallel()
	now := func(t *testing.T) time.Time { return spTime(t, "2025-06-10 12:00") }

	tests := []struct {
		name        string
		participant *Participant
		workouts    func(t *testing.T) []workout.Workout
		target      byte
		wantReason  error
		wantDay     string
		wantOwner   uuid.UUID
		wantPoints  int
	}{
		{
			name:        "owns check-in",
			participant: activeParticipant(),
			workouts: func(t *testing.T) []workout.Workout {
				return []workout.Workout{testWorkout(t, 1, "2025-06-02 07:00", 50)}
			},
			target: 1, wantDay: "2025-06-02", wantPoints: DefaultPointsPerCheckIn,
		},
		{
			name:        "not a member",
			participant: &Participant{ChallengeID: testChallengeID, UserID: testUserID, Status: StatusDropped},
			workouts: func(t *testing.T) []workout.Workout {
				return []workout.Workout{testWorkout(t, 1, "2025-06-02 07:00", 50)}
			},
			target: 1, wantReason: ErrNotMember, wantDay: "2025-06-02",
		},
		{
			name: "no participant row",
			workouts: func(t *testing.T) []workout.Workout {
				return []workout.Workout{testWorkout(t, 1, "2025-06-02 07:00", 50)}
			},
			target: 1, wantReason: ErrNotMember, wantDay: "2025-06-02",
		},
		{
			name:        "day before the window",
			participant: activeParticipant(),
			workouts: func(t *testing.T) []workout.Workout {
				return []workout.Workout{testWorkout(t, 1, "2025-05-31 23:30", 50)}
			},
			target: 1, wantReason: ErrOutsideWindow, wantDay: "2025-05-31",
		},
		{
			name:        "day after today",
			participant: activeParticipant(),
			workouts: func(t *testing.T) []workout.Workout {
				return []workout.Workout{testWorkout(t, 1, "2025-06-11 06:00", 50)}
			},
			target: 1, wantReason: ErrFutureDay, wantDay: "2025-06-11",
		},
		{
			name:        "too short",
			participant: activeParticipant(),
			workouts: func(t *testing.T) []workout.Workout {
				return []workout.Workout{testWorkout(t, 1, "2025-06-02 07:00", 44)}
			},
			target: 1, wantReason: ErrTooShort, wantDay: "2025-06-02",
		},
		{
			name:        "earlier workout owns the day",
			participant: activeParticipant(),
			workouts: func(t *testing.T) []workout.Workout {
				return []workout.Workout{
					testWorkout(t, 2, "2025-06-02 18:00", 60),
					testWorkout(t, 1, "2025-06-02 07:00", 50),
				}
			},
			target: 2, wantReason: ErrDayTaken, wantDay: "2025-06-02", wantOwner: workoutID(1),
		},
		{
			name:        "short earlier workout leaves the day",
			participant: activeParticipant(),
			workouts: func(t *testing.T) []workout.Workout {
				return []workout.Workout{
					testWorkout(t, 1, "2025-06-02 07:00", 20),
					testWorkout(t, 2, "2025-06-02 18:00", 60),
				}
			},
			target: 2, wantDay: "2025-06-02", wantPoints: DefaultPointsPerCheckIn,
		},
		{
			name:        "other challenge",
			participant: activeParticipant(),
			workouts: func(t *testing.T) []workout.Workout {
				w := testWorkout(t, 1, "2025-06-02 07:00", 50)
				w.ChallengeID = uuid.Nil
				return []workout.Workout{w}
			},
			target: 1, wantReason: ErrOtherChallenge, wantDay: "2025-06-02",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Explain(testChallenge(t), tt.participant, tt.workouts(t), workoutID(tt.target), now(t))
			require.NoError(t, err)

			require.Equal(t, workoutID(tt.target), got.WorkoutID)
			require.Equal(t, tt.wantDay, got.Day.String())
			require.Equal(t, tt.wantPoints, got.Points)
			require.Equal(t, tt.wantOwner, got.OwnerID)
			if tt.wantReason == nil {
				require.True(t, got.OwnsCheckIn)
				require.NoError(t, got.Reason)
				require.Empty(t, got.ReasonText)
				return
			}
			require.False(t, got.OwnsCheckIn)
			require.ErrorIs(t, got.Reason, tt.wantReason)
			require.Equal(t, tt.wantReason.Error(), got.ReasonText)
		})
	}
}

func TestExplainAgreesWithEvaluate(t *testing.T) {
	t.Parallel()
	workouts := []workout.Workout{
		testWorkout(t, 1, "2025-06-02 07:00", 50),
		testWorkout(t, 2, "2025-06-02 06:00", 50),
		testWorkout(t, 3, "2025-06-03 07:00", 30),
		testWorkout(t, 4, "2025-06-04 07:00", 45),
	}
	now := spTime(t, "2025-06-10 12:00")
	result, err := Evaluate(testChallenge(t), activeParticipant(), testProfile(), workouts, now)
	require.NoError(t, err)

	for _, w := range workouts {
		got, err := Explain(testChallenge(t), activeParticipant(), workouts, w.ID, now)
		require.NoError(t, err)
		require.Equal(t, result.WorkoutPoints[w.ID], got.Points, "points of workout %s", w.ID)
		require.Equal(t, result.WorkoutPoints[w.ID] > 0, got.OwnsCheckIn, "check-in of workout %s", w.ID)
	}
}

func TestExplainMissingWorkout(t *testing.T) {
	t.Parallel()
	workouts := []workout.Workout{testWorkout(t, 1, "2025-06-02 07:00", 50)}

	_, err := Explain(testChallenge(t), activeParticipant(), workouts, workoutID(9), time.Now())
	require.ErrorContains(t, err, "not among the 1 workouts")
}

func TestExplainUnknownZone(t *testing.T) {
	t.Parallel()
	ch := testChallenge(t)
	ch.TimeZone = "Mars/Olympus"
	workouts := []workout.Workout{testWorkout(t, 1, "2025-06-02 07:00", 50)}

	_, err := Explain(ch, activeParticipant(), workouts, workoutID(1), time.Now())
	require.Error(t, err)
}

func TestExplanationJSONOwnerID(t *testing.T) {
	t.Parallel()
	owner := workoutID(1)
	tests := []struct {
		name      string
		owner     uuid.UUID
		wantField bool
	}{
		{name: "no other owner", owner: uuid.Nil, wantField: false},
		{name: "day taken", owner: owner, wantField: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			encoded, err := json.Marshal(Explanation{WorkoutID: workoutID(2), OwnerID: tt.owner})
			require.NoError(t, err)

			var fields map[string]any
			require.NoError(t, json.Unmarshal(encoded, &fields))
			value, present := fields["owner_id"]
			require.Equal(t, tt.wantField, present, "JSON: %s", encoded)
			if tt.wantField {
				require.Equal(t, tt.owner.String(), value)
			}
		})
	}
}
