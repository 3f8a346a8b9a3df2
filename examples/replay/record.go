package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/rayclub/workoutflow/internal/strava"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// athleteNames returns the distinct athletes of activities, sorted.
func athleteNames(activities []strava.Activity) []string {
	var names []string
	for _, a := range activities {
		if !slices.Contains(names, a.Athlete) {
			names = append(names, a.Athlete)
		}
	}
	slices.Sort(names)
	return names
}

// enrol stores a profile named after each athlete and makes the athlete a
// participant of the challenge.
func (s *session) enrol(ctx context.Context, ch ranking.Challenge, athletes []string) error {
	for _, athlete := range athletes {
		id := userID(athlete)
		if err := s.store.SaveProfile(ctx, workout.Profile{ID: id, Name: athlete}); err != nil {
			return fmt.Errorf("save profile of %s: %w", athlete, err)
		}
		if _, err := s.challenges.Join(ctx, ch.ID, id); err != nil {
			return fmt.Errorf("enrol %s: %w", athlete, err)
		}
	}
	return nil
}

// recordCounts are the figures of a recordAll run.
type recordCounts struct {
	// workouts counts the stored workouts, and athletes the athletes with
	// at least one of them.
	workouts int
	athletes int
	// clamped counts the workouts whose duration was moved into the
	// accepted range.
	clamped int
}

// recordAll records every activity as a workout for the challenge and
// returns how many workouts it stored, for how many athletes, and how many
// durations it clamped. Each
// activity gets its own idempotency key, because athlete-07 has pairs of
// activities with the same start minute, type and duration. Only their
// distances differ, so without the key the recorder's rule for identical
// resubmissions would merge such a pair whenever the notes match.
func (s *session) recordAll(ctx context.Context, ch ranking.Challenge, activities []strava.Activity) (recordCounts, error) {
	var counts recordCounts
	athletes := map[string]bool{}
	for i, a := range activities {
		minutes, changed := clampMinutes(a.ElapsedMinutes)
		if changed {
			counts.clamped++
		}

		w := workout.Workout{
			UserID:          userID(a.Athlete),
			ClientWorkoutID: fmt.Sprintf("%s/%s", a.Athlete, a.StartedAt.Format(time.RFC3339)),
			Name:            a.WorkoutName,
			Type:            a.Type,
			Date:            a.StartedAt,
			DurationMinutes: minutes,
			Notes:           distanceNote(a.DistanceKM),
			ChallengeID:     ch.ID,
			IdempotencyKey:  fmt.Sprintf("replay/%s/%d", a.Athlete, i),
		}
		rec, err := s.pipeline.Record(ctx, w)
		if err != nil {
			return counts, fmt.Errorf("record activity of %s at %s: %w", a.Athlete, a.StartedAt.Format(time.RFC3339), err)
		}
		if !rec.Replayed {
			counts.workouts++
			athletes[a.Athlete] = true
		}
	}
	counts.athletes = len(athletes)
	return counts, nil
}

// clampMinutes moves an elapsed time into the range the recorder accepts,
// 1 to 1440 minutes, and reports whether it changed it. Strava rounds
// activities under a minute down to 0, and a forgotten stop button gives
// days.
func clampMinutes(minutes int) (int, bool) {
	switch {
	case minutes < workout.MinDuration:
		return workout.MinDuration, true
	case minutes > workout.MaxDuration:
		return workout.MaxDuration, true
	}
	return minutes, false
}

// distanceNote describes the distance of an activity, or returns "" when it
// has none.
func distanceNote(km float64) string {
	if km <= 0 {
		return ""
	}
	return fmt.Sprintf("%.2f km", km)
}
