package ranking

import (
	"math"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// buildProgress computes a user's progress row from the user's check-ins,
// which must be sorted by day, oldest first. Position is left 0 because
// positions compare users and are written by Store.RefreshPositions.
func buildProgress(challengeID uuid.UUID, profile workout.Profile, rules Rules, checkIns []CheckIn, inWindow int, now time.Time) Progress {
	progress := Progress{
		ChallengeID:          challengeID,
		UserID:               profile.ID,
		CheckIns:             len(checkIns),
		ConsecutiveDays:      ConsecutiveDays(checkIns),
		WorkoutsInWindow:     inWindow,
		CompletionPercentage: CompletionPercentage(len(checkIns), rules.WindowDays()),
		Completed:            rules.Completed(len(checkIns)),
		UserName:             profile.Name,
		UserPhotoURL:         profile.PhotoURL,
		UpdatedAt:            now,
	}

	for _, c := range checkIns {
		progress.Points += c.Points
	}
	if len(checkIns) > 0 {
		last := checkIns[len(checkIns)-1].CheckInAt
		progress.LastCheckIn = &last
	}
	return progress
}

// ConsecutiveDays returns the length of the run of consecutive days that
// ends on the day of the last check-in. checkIns must hold at most one
// check-in per day, sorted by day, oldest first.
func ConsecutiveDays(checkIns []CheckIn) int {
	if len(checkIns) == 0 {
		return 0
	}

	run := 1
	for i := len(checkIns) - 1; i > 0; i-- {
		if checkIns[i].Day.DaysSince(checkIns[i-1].Day) != 1 {
			break
		}
		run++
	}
	return run
}

// CompletionPercentage returns checkIns as a percentage of windowDays,
// capped at 100 and rounded to two decimals (2 of 21 days gives 9.52). A
// window without days gives 0.
func CompletionPercentage(checkIns, windowDays int) float64 {
	if windowDays <= 0 {
		return 0
	}
	percentage := math.Min(100, float64(checkIns)*100/float64(windowDays))
	return math.Round(percentage*100) / 100
}
