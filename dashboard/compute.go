package dashboard

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// PointsPerLevel is the number of points that raises a user by one level.
// A user starts at level 1.
const PointsPerLevel = 100

// Compute derives the dashboard of userID from the user's stored workouts
// and challenge memberships as of now. It reads nothing else and has no side
// effects, so computing it again from the same rows gives the same result.
//
// Days are local calendar days in profile.TimeZone (workout.DefaultTimeZone
// when empty). Every workout counts in the all-time totals, including one
// dated up to the recording tolerance after now. Points and check-ins come
// only from the check-ins the ranking rules grant (see ranking.Evaluate), so
// a workout that earns no check-in adds no points.
//
// Compute returns an error when the zone is unknown, when the profile, a
// workout or a membership belongs to another user, or when the ranking
// rules fail for a challenge.
func Compute(userID uuid.UUID, profile workout.Profile, workouts []workout.Workout, memberships []Membership, now time.Time) (Dashboard, error) {
	if err := checkOwner(userID, profile, workouts, memberships); err != nil {
		return Dashboard{}, fmt.Errorf("compute dashboard of user %s: %w", userID, err)
	}

	loc, err := workout.LoadZone(profile.TimeZone)
	if err != nil {
		return Dashboard{}, fmt.Errorf("compute dashboard of user %s: %w", userID, err)
	}

	profile.ID = userID
	d := Dashboard{
		UserID:         userID,
		TimeZone:       loc.String(),
		ComputedFor:    workout.LocalDateOf(now, loc),
		WorkoutsByType: make(map[string]int),
		UpdatedAt:      now,
	}
	addWorkoutTotals(&d, workouts, loc)
	addStreaks(&d, workouts, loc)

	if err := addCheckIns(&d, profile, workouts, memberships, now); err != nil {
		return Dashboard{}, fmt.Errorf("compute dashboard of user %s: %w", userID, err)
	}
	d.Level = 1 + d.TotalPoints/PointsPerLevel

	return d, nil
}

// addWorkoutTotals fills the counts that come from the workouts alone: the
// all-time totals, the figures of the local month of d.ComputedFor and the
// latest workout time.
func addWorkoutTotals(d *Dashboard, workouts []workout.Workout, loc *time.Location) {
	daysThisMonth := make(map[workout.LocalDate]bool)

	for _, w := range workouts {
		d.TotalWorkouts++
		d.TotalMinutes += w.DurationMinutes
		d.WorkoutsByType[w.Type]++

		day := workout.LocalDateOf(w.Date, loc)
		if day.Year == d.ComputedFor.Year && day.Month == d.ComputedFor.Month {
			d.MinutesThisMonth += w.DurationMinutes
			daysThisMonth[day] = true
		}

		if d.LastWorkoutAt == nil || w.Date.After(*d.LastWorkoutAt) {
			last := w.Date
			d.LastWorkoutAt = &last
		}
	}

	d.DaysTrainedThisMonth = len(daysThisMonth)
}

// checkOwner rejects rows of another user, which would mix two users'
// figures.
func checkOwner(userID uuid.UUID, profile workout.Profile, workouts []workout.Workout, memberships []Membership) error {
	if profile.ID != uuid.Nil && profile.ID != userID {
		return fmt.Errorf("profile belongs to user %s", profile.ID)
	}
	for _, w := range workouts {
		if w.UserID != userID {
			return fmt.Errorf("workout %s belongs to user %s", w.ID, w.UserID)
		}
	}
	for _, m := range memberships {
		if m.Participant.UserID != userID {
			return fmt.Errorf("membership in challenge %s belongs to user %s", m.Challenge.ID, m.Participant.UserID)
		}
	}
	return nil
}
