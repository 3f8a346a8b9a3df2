package workout

import (
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/tracking"
)

// JobState is the state of one stage's job for one workout.
type JobState string

// The states of a job. A pending job waits for RunAt, and a running job is
// leased to a worker. A done job succeeded. A dead job failed MaxAttempts
// times and waits for an operator or the recovery sweep to send it back.
const (
	JobPending JobState = "pending"
	JobRunning JobState = "running"
	JobDone    JobState = "done"
	JobDead    JobState = "dead"
)

// Reasons a job was queued.
const (
	ReasonRecorded = "recorded"
	ReasonUpdated  = "updated"
	ReasonDeleted  = "deleted"
	ReasonRetried  = "retried"
)

// Job is the work of one stage for one workout, as claimed by a worker.
//
// Stages are pure recomputes: for a job, the stage brings what it derives for
// the user (and for each challenge in ChallengeIDs) up to date with the
// stored workouts, so running it twice has the effect of running it once.
type Job struct {
	// WorkoutID is the record id of the workout that caused the job. The
	// workout may no longer exist when Reason is ReasonDeleted.
	WorkoutID uuid.UUID `json:"workout_id"`
	// Stage is the name of the stage that runs the job.
	Stage string `json:"stage"`
	// UserID is the owner of the workout.
	UserID uuid.UUID `json:"user_id"`
	// ChallengeIDs lists every challenge whose results the change may
	// affect: the workout's current challenge and, after an update or a
	// delete, the challenges it had before. Empty when there is none.
	ChallengeIDs []uuid.UUID `json:"challenge_ids"`
	// Reason is the cause of the queueing (ReasonRecorded, ...).
	Reason string `json:"reason"`
	// State is the job's state when it was read.
	State JobState `json:"state"`
	// Attempt counts the runs of the job since it was last queued,
	// including the current one.
	Attempt int `json:"attempt"`
	// Token increases with every claim and fences stale workers: only the
	// holder of the latest token may complete, fail or extend the job.
	Token int64 `json:"token"`
	// Owner is the worker that holds the lease.
	Owner string `json:"owner,omitempty"`
	// RunAt is when a pending job becomes due.
	RunAt time.Time `json:"run_at"`
	// LeaseExpiresAt is when a running job's lease ends.
	LeaseExpiresAt time.Time `json:"lease_expires_at"`
	// LastError is the message of the latest failed attempt.
	LastError string `json:"last_error,omitempty"`
	// CreatedAt is when the workout was first queued.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when the job last changed state.
	UpdatedAt time.Time `json:"updated_at"`
}

// Status is the processing status of one workout, as the app polls it from
// workout_processing_queue.
type Status struct {
	WorkoutID             uuid.UUID  `json:"workout_id"`
	UserID                uuid.UUID  `json:"user_id"`
	ChallengeID           uuid.UUID  `json:"challenge_id"`
	ProcessedForRanking   bool       `json:"processed_for_ranking"`
	ProcessedForDashboard bool       `json:"processed_for_dashboard"`
	ProcessingError       string     `json:"processing_error,omitempty"`
	CreatedAt             time.Time  `json:"created_at"`
	ProcessedAt           *time.Time `json:"processed_at,omitempty"`
	// Jobs lists the workout's jobs, one per stage.
	Jobs []Job `json:"jobs"`
}

// QueueStats counts the jobs of one stage by state. It is defined in
// package tracking, which reports it with the stage statistics.
type QueueStats = tracking.QueueStats
