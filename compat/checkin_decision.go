package compat

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// decisionInput is the data a check-in reply is decided from.
type decisionInput struct {
	challenge   ranking.Challenge
	participant *ranking.Participant
	profile     workout.Profile
	target      workout.Workout
	// workouts are the user's workouts in the challenge after the call
	// stored or changed the target.
	workouts []workout.Workout
}

// checkInOutcome is the decided reply of a check-in call.
type checkInOutcome struct {
	message   string
	points    int
	already   bool
	checkInID uuid.UUID
	streak    int
	// owns is set when the target owns its day's check-in, so the reply
	// carries the points unless an earlier reply announced them.
	owns bool
}

// decideCheckIn applies the ranking rules to the user's workouts in the
// challenge after the call, as the ranking stage will, and decides the
// reply for the target workout, checking in this order:
//
//  1. not a member: MessageNotParticipant;
//  2. local day outside the window or after today: MessageOutsideWindow;
//  3. the day's check-in belongs to another workout:
//     MessageAlreadyCheckedIn;
//  4. shorter than the minimum: MessageTooShort;
//  5. otherwise the target owns the day's check-in: MessageCheckInRecorded
//     with the check-in's points, whether the call created the check-in,
//     repeated an earlier call or moved the check-in to an earlier
//     workout. Service.announce then keeps the points for the first reply
//     that announces the check-in.
func decideCheckIn(in decisionInput, now time.Time) (checkInOutcome, error) {
	after, err := ranking.Evaluate(in.challenge, in.participant, in.profile, in.workouts, now)
	if err != nil {
		return checkInOutcome{}, err
	}
	rules, err := ranking.NewRules(in.challenge, now)
	if err != nil {
		return checkInOutcome{}, err
	}

	target := in.target
	day, qualifyErr := rules.Qualify(target, after.Member)
	outcome := checkInOutcome{streak: after.Progress.ConsecutiveDays}
	owner, hasCheckIn := checkInOn(after.CheckIns, day)
	if hasCheckIn {
		outcome.checkInID = owner.ID
	}

	switch {
	case errors.Is(qualifyErr, ranking.ErrNotMember):
		outcome.message = MessageNotParticipant
	case errors.Is(qualifyErr, ranking.ErrOutsideWindow), errors.Is(qualifyErr, ranking.ErrFutureDay):
		outcome.message = MessageOutsideWindow
	case hasCheckIn && owner.WorkoutID != target.ID:
		outcome.message, outcome.already = MessageAlreadyCheckedIn, true
	case errors.Is(qualifyErr, ranking.ErrTooShort):
		outcome.message = MessageTooShort(rules.MinDurationMinutes)
	case qualifyErr != nil:
		return checkInOutcome{}, fmt.Errorf("check in workout %s: %w", target.ID, qualifyErr)
	case !hasCheckIn:
		return checkInOutcome{}, fmt.Errorf("check in workout %s: qualifying workout got no check-in on %s", target.ID, day)
	default:
		outcome.message, outcome.points, outcome.owns = MessageCheckInRecorded, owner.Points, true
	}
	return outcome, nil
}

// checkInOn returns the check-in of the local day, if any.
func checkInOn(checkIns []ranking.CheckIn, day workout.LocalDate) (ranking.CheckIn, bool) {
	for _, c := range checkIns {
		if c.Day == day {
			return c, true
		}
	}
	return ranking.CheckIn{}, false
}

// reply builds the success reply of the outcome.
func (o checkInOutcome) reply(workoutID, challengeID uuid.UUID) CheckInReply {
	reply := CheckInReply{
		Success:            true,
		Message:            o.message,
		PointsEarned:       o.points,
		CurrentStreak:      o.streak,
		Streak:             o.streak,
		IsAlreadyCheckedIn: o.already,
		WorkoutID:          workoutID.String(),
		ChallengeID:        challengeID.String(),
	}
	if o.checkInID != uuid.Nil {
		reply.CheckInID = o.checkInID.String()
	}
	return reply
}
