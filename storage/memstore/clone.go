package memstore

import (
	"maps"
	"slices"

	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// The clone functions copy the slices, maps and pointers of a value, so that
// neither the caller nor the store can change the other's copy. The stored*
// variants also normalize times the way PostgreSQL stores them.

func cloneWorkout(w workout.Workout) workout.Workout {
	w.ImageURLs = slices.Clone(w.ImageURLs)
	return w
}

func storedWorkout(w workout.Workout) workout.Workout {
	w = cloneWorkout(w)
	w.Date = storedTime(w.Date)
	w.CreatedAt = storedTime(w.CreatedAt)
	w.UpdatedAt = storedTime(w.UpdatedAt)
	return w
}

func cloneJob(j workout.Job) workout.Job {
	j.ChallengeIDs = slices.Clone(j.ChallengeIDs)
	return j
}

func cloneStatus(s workout.Status) workout.Status {
	s.ProcessedAt = storedTimePtr(s.ProcessedAt)
	s.Jobs = nil
	return s
}

func storedChallenge(c ranking.Challenge) ranking.Challenge {
	c.StartDate = storedTime(c.StartDate)
	c.EndDate = storedTime(c.EndDate)
	c.CreatedAt = storedTime(c.CreatedAt)
	c.UpdatedAt = storedTime(c.UpdatedAt)
	return c
}

func storedParticipant(p ranking.Participant) ranking.Participant {
	p.JoinedAt = storedTime(p.JoinedAt)
	return p
}

func storedCheckIn(c ranking.CheckIn) ranking.CheckIn {
	c.CheckInAt = storedTime(c.CheckInAt)
	return c
}

func cloneProgress(p ranking.Progress) ranking.Progress {
	p.LastCheckIn = storedTimePtr(p.LastCheckIn)
	return p
}

func storedProgress(p ranking.Progress) ranking.Progress {
	p = cloneProgress(p)
	p.UpdatedAt = storedTime(p.UpdatedAt)
	return p
}

func cloneDashboard(d dashboard.Dashboard) dashboard.Dashboard {
	d.WorkoutsByType = maps.Clone(d.WorkoutsByType)
	d.LastWorkoutAt = storedTimePtr(d.LastWorkoutAt)
	return d
}

func storedDashboard(d dashboard.Dashboard) dashboard.Dashboard {
	d = cloneDashboard(d)
	d.UpdatedAt = storedTime(d.UpdatedAt)
	return d
}
