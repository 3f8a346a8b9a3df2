package memstore

import (
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// newJob returns the pending job of a newly queued stage.
func newJob(w workout.Workout, stage string, now time.Time) workout.Job {
	return workout.Job{
		WorkoutID:    w.ID,
		Stage:        stage,
		UserID:       w.UserID,
		ChallengeIDs: appendChallenges(nil, w.ChallengeID),
		Reason:       workout.ReasonRecorded,
		State:        workout.JobPending,
		RunAt:        now,
		CreatedAt:    now,
		UpdatedAt:    now,
	}
}

// requeue sends the workout's jobs of the given stages back to pending, due
// at now, and adds challenges to their challenge ids. Incrementing the token
// fences out a worker that still runs the job. A stage without a job gets a
// new one. The caller holds s.mu.
func (s *Store) requeue(w workout.Workout, stages []string, reason string, now time.Time, challenges ...uuid.UUID) {
	stages = uniqueStages(stages)
	if len(stages) == 0 {
		return
	}

	for _, stage := range stages {
		key := jobKey{workoutID: w.ID, stage: stage}
		job, ok := s.jobs[key]
		if !ok {
			job = newJob(w, stage, now)
			job.ChallengeIDs = nil
		} else {
			job.Token++
		}
		job.ChallengeIDs = appendChallenges(job.ChallengeIDs, challenges...)
		job.Reason = reason
		job.State = workout.JobPending
		job.Attempt = 0
		job.Owner = ""
		job.RunAt = now
		job.LeaseExpiresAt = time.Time{}
		job.UpdatedAt = now
		s.jobs[key] = job
	}

	if row, ok := s.queue[w.ID]; ok {
		for _, stage := range stages {
			setProcessedFlag(&row, stage, false)
		}
		row.ProcessedAt = nil
		s.queue[w.ID] = row
	}
	s.notify()
}

// setProcessedFlag sets the queue row flag that follows the stage, if the
// stage has one.
func setProcessedFlag(row *queueRow, stage string, value bool) {
	switch stage {
	case workout.StageRanking:
		row.ProcessedForRanking = value
	case workout.StageDashboard:
		row.ProcessedForDashboard = value
	}
}

// appendChallenges adds each non-nil challenge id that ids lacks, returning a
// new slice.
func appendChallenges(ids []uuid.UUID, challenges ...uuid.UUID) []uuid.UUID {
	merged := slices.Clone(ids)
	for _, id := range challenges {
		if id != uuid.Nil && !slices.Contains(merged, id) {
			merged = append(merged, id)
		}
	}
	return merged
}

// uniqueStages returns stages without repeats, in their first order.
func uniqueStages(stages []string) []string {
	unique := make([]string, 0, len(stages))
	for _, stage := range stages {
		if !slices.Contains(unique, stage) {
			unique = append(unique, stage)
		}
	}
	return unique
}
