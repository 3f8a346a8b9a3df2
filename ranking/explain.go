package ranking

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// Reasons of an Explanation besides the rule errors of Rules.Qualify. Test
// for them with errors.Is.
var (
	ErrOtherChallenge = errors.New("workout is not recorded for the challenge")
	ErrDayTaken       = errors.New("another workout owns the check-in of the day")
)

// Explanation is the result of Explain: whether a workout owns a check-in
// in a challenge, with the reason when it does not.
type Explanation struct {
	WorkoutID   uuid.UUID `json:"workout_id"`
	ChallengeID uuid.UUID `json:"challenge_id"`
	// Day is the workout's local day in the challenge's zone.
	Day workout.LocalDate `json:"day"`
	// OwnsCheckIn is set when the workout owns the check-in of its day and
	// so counts on the leaderboard.
	OwnsCheckIn bool `json:"owns_check_in"`
	// Points is the workout's points: the check-in points when it owns the
	// check-in, else 0.
	Points int `json:"points"`
	// Reason is nil when the workout owns the check-in, else one of
	// ErrOtherChallenge, ErrNotMember, ErrOutsideWindow, ErrFutureDay,
	// ErrTooShort or ErrDayTaken.
	Reason error `json:"-"`
	// ReasonText is the message of Reason, empty when Reason is nil.
	ReasonText string `json:"reason,omitempty"`
	// OwnerID is the workout that owns the day's check-in when Reason is
	// ErrDayTaken, else uuid.Nil, which JSON leaves out.
	OwnerID uuid.UUID `json:"owner_id,omitzero"`
}

// Explain reports whether the workout target, one of workouts, owns a
// check-in in the challenge, with the same rules as Evaluate. Workouts are
// the user's workouts recorded for the challenge, and participant is the
// user's row in it (nil when there is none). Now decides which local day is
// today. It reads no storage.
//
// Explain fails when target is not among workouts or when the challenge's
// zone is unknown.
func Explain(ch Challenge, participant *Participant, workouts []workout.Workout, target uuid.UUID, now time.Time) (Explanation, error) {
	rules, err := NewRules(ch, now)
	if err != nil {
		return Explanation{}, fmt.Errorf("explain workout %s: %w", target, err)
	}
	workouts = uniqueWorkouts(workouts)
	w, found := findWorkout(workouts, target)
	if !found {
		return Explanation{}, fmt.Errorf("explain workout %s: it is not among the %d workouts given", target, len(workouts))
	}

	e := Explanation{WorkoutID: target, ChallengeID: ch.ID, Day: rules.Day(w.Date)}
	if w.ChallengeID != ch.ID {
		return e.because(ErrOtherChallenge), nil
	}
	member := participant != nil && participant.IsMember()
	if _, err := rules.Qualify(w, member); err != nil {
		return e.because(err), nil
	}

	owner := checkInOwners(rules, workouts, member)[e.Day]
	if owner.ID != target {
		e.OwnerID = owner.ID
		return e.because(ErrDayTaken), nil
	}
	e.OwnsCheckIn = true
	e.Points = rules.PointsPerCheckIn
	return e, nil
}

// because returns e with the reason the workout owns no check-in.
func (e Explanation) because(reason error) Explanation {
	e.Reason = reason
	e.ReasonText = reason.Error()
	return e
}

func findWorkout(workouts []workout.Workout, id uuid.UUID) (workout.Workout, bool) {
	for _, w := range workouts {
		if w.ID == id {
			return w, true
		}
	}
	return workout.Workout{}, false
}
