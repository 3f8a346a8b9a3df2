package pgstore

import (
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// jobColumns selects a job from workoutflow_jobs AS j.
const jobColumns = `j.workout_id, j.stage, j.user_id, j.challenge_ids, j.reason, j.state, j.attempt, j.token,
	coalesce(j.owner, '') AS owner, j.run_at, j.lease_expires_at,
	coalesce(j.last_error, '') AS last_error, j.created_at, j.updated_at`

// jobRow is a row selected with jobColumns.
type jobRow struct {
	WorkoutID      uuid.UUID   `db:"workout_id"`
	Stage          string      `db:"stage"`
	UserID         uuid.UUID   `db:"user_id"`
	ChallengeIDs   []uuid.UUID `db:"challenge_ids"`
	Reason         string      `db:"reason"`
	State          string      `db:"state"`
	Attempt        int         `db:"attempt"`
	Token          int64       `db:"token"`
	Owner          string      `db:"owner"`
	RunAt          time.Time   `db:"run_at"`
	LeaseExpiresAt *time.Time  `db:"lease_expires_at"`
	LastError      string      `db:"last_error"`
	CreatedAt      time.Time   `db:"created_at"`
	UpdatedAt      time.Time   `db:"updated_at"`
}

func (r jobRow) job() workout.Job {
	job := workout.Job{
		WorkoutID:      r.WorkoutID,
		Stage:          r.Stage,
		UserID:         r.UserID,
		Reason:         r.Reason,
		State:          workout.JobState(r.State),
		Attempt:        r.Attempt,
		Token:          r.Token,
		Owner:          r.Owner,
		RunAt:          r.RunAt.UTC(),
		LeaseExpiresAt: timeValue(r.LeaseExpiresAt),
		LastError:      r.LastError,
		CreatedAt:      r.CreatedAt.UTC(),
		UpdatedAt:      r.UpdatedAt.UTC(),
	}
	if len(r.ChallengeIDs) > 0 {
		job.ChallengeIDs = r.ChallengeIDs
	}
	return job
}
