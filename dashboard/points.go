package dashboard

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// addCheckIns fills TotalPoints, TotalCheckIns and ChallengesCompleted. For
// each membership it applies the ranking rules to the user's workouts
// recorded for that challenge, so only workouts that earn a check-in add
// points: short workouts, second workouts of a day and workouts outside the
// window or of a dropped participant add none.
func addCheckIns(d *Dashboard, profile workout.Profile, workouts []workout.Workout, memberships []Membership, now time.Time) error {
	byChallenge := make(map[uuid.UUID][]workout.Workout)
	for _, w := range workouts {
		if w.HasChallenge() {
			byChallenge[w.ChallengeID] = append(byChallenge[w.ChallengeID], w)
		}
	}

	for _, m := range memberships {
		participant := m.Participant
		result, err := ranking.Evaluate(m.Challenge, &participant, profile, byChallenge[m.Challenge.ID], now)
		if err != nil {
			return fmt.Errorf("evaluate challenge %s: %w", m.Challenge.ID, err)
		}

		for _, c := range result.CheckIns {
			d.TotalPoints += c.Points
		}
		d.TotalCheckIns += len(result.CheckIns)
		if result.Member && result.Progress.Completed {
			d.ChallengesCompleted++
		}
	}
	return nil
}
