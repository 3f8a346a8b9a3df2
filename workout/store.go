package workout

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/tracking"
)

// Store is the storage the Recorder and the Pipeline need: workouts and the
// processing queue. The storage adapters implement it.
type Store interface {
	WorkoutStore
	QueueStore
}

// InsertRequest is a workout the Recorder passes to a WorkoutStore to store.
type InsertRequest struct {
	// Workout is the validated workout with its new ID set.
	Workout Workout
	// Stages names the stages to queue for the workout.
	Stages []string
	// ReplayWindow is how far back to look for an identical workout of the
	// same user when Workout.IdempotencyKey is empty. Zero turns the rule off.
	ReplayWindow time.Duration
	// Now is the recording time; it becomes CreatedAt and UpdatedAt.
	Now time.Time
	// Event is the record's processing-log entry. A store that is a
	// RecordLogger writes it in the insert's transaction, with status
	// tracking.StatusReplayed when the call repeats an earlier workout;
	// other stores ignore it.
	Event *tracking.Event
}

// RecordLogger is implemented by stores that keep the processing log
// themselves and write InsertRequest.Event in the insert's transaction, so
// that a recorded workout never lacks its log entry. The Recorder then hands
// the event to its Tracker marked Stored.
type RecordLogger interface {
	LogsRecordEvents() bool
}

// WorkoutStore stores workouts. Every method that changes a workout also
// queues its stages in the same transaction, so the change and the work it
// causes are durable together.
type WorkoutStore interface {
	// InsertWorkout stores the workout, its row in the processing queue and
	// one pending job per stage, in one transaction. When an earlier workout
	// of the same user has the same idempotency key, or, without a key, was
	// created at most ReplayWindow before Now with the same content (see
	// Workout.SameContent), it stores nothing and returns that workout with
	// replayed set. Concurrent identical calls store one workout.
	InsertWorkout(ctx context.Context, req InsertRequest) (stored Workout, replayed bool, err error)

	// UpdateWorkout replaces the editable fields of the stored workout
	// with the same ID (name, type, date, duration, notes, image URLs,
	// challenge) and queues the stages again, adding the previous challenge
	// to the jobs' challenges. It returns the updated workout, or an error
	// wrapping storage.ErrNotFound.
	UpdateWorkout(ctx context.Context, w Workout, stages []string, now time.Time) (Workout, error)

	// DeleteWorkout removes the workout and its queue row, and queues the
	// stages so that they recompute what the workout contributed. It returns
	// the deleted workout, or an error wrapping storage.ErrNotFound.
	DeleteWorkout(ctx context.Context, id uuid.UUID, stages []string, now time.Time) (Workout, error)

	// Workout returns the workout with the given record id, or an error
	// wrapping storage.ErrNotFound.
	Workout(ctx context.Context, id uuid.UUID) (Workout, error)
}

// ClaimRequest is a request to a QueueStore for jobs to run.
type ClaimRequest struct {
	// Owner identifies the claiming worker; it is stored as the lease owner.
	Owner string
	// Stages limits the claim to jobs of these stages.
	Stages []string
	// Limit is the maximum number of jobs to claim.
	Limit int
	// Now is the claim time. Jobs whose RunAt is after Now are not due.
	Now time.Time
	// Lease is how long the claim holds; the lease ends at Now plus Lease
	// unless it is extended.
	Lease time.Duration
}

// QueueStore is the processing queue: one job per workout and stage.
//
// A job is due when it is pending and its RunAt has passed, or when it is
// running and its lease has expired (its worker crashed or stalled). Every
// claim increments the job's Token; completing, failing or extending a job
// with an older token, or from another owner, returns storage.ErrLeaseLost.
type QueueStore interface {
	// ClaimJobs leases up to Limit due jobs to Owner, oldest RunAt first.
	// Concurrent claims, also from other processes, never return the same
	// job twice while its lease holds.
	ClaimJobs(ctx context.Context, req ClaimRequest) ([]Job, error)

	// ExtendLeases moves the lease end of the given jobs to until.
	ExtendLeases(ctx context.Context, jobs []Job, until time.Time) error

	// CompleteJob marks the job done. For the stages named "ranking" and
	// "dashboard" it sets processed_for_ranking or processed_for_dashboard on
	// the workout's queue row, and it sets processed_at once every job of the
	// workout is done.
	CompleteJob(ctx context.Context, job Job, now time.Time) error

	// FailJob records a failed attempt: the job becomes pending again at
	// f.RetryAt, or dead when f.Dead is set. f.Message is kept as the last
	// error and the queue row's processing_error.
	FailJob(ctx context.Context, job Job, f Failure) error

	// RetryJobs sends the failed and dead jobs of a workout back to the
	// queue with their attempts reset, due at now. It returns how many jobs
	// it requeued.
	RetryJobs(ctx context.Context, workoutID uuid.UUID, now time.Time) (int, error)

	// Status returns the processing status of a workout, or an error
	// wrapping storage.ErrNotFound when it has no queue row.
	Status(ctx context.Context, workoutID uuid.UUID) (Status, error)

	// QueueStats returns, per stage, the numbers of pending, running, done and
	// dead jobs and the creation time of the oldest pending or running job.
	QueueStats(ctx context.Context) ([]QueueStats, error)
}

// Failure is a failed attempt of a job, as recorded by QueueStore.FailJob.
type Failure struct {
	// Message is the error of the attempt.
	Message string
	// RetryAt is when the job becomes due again, unless Dead is set.
	RetryAt time.Time
	// Dead marks the job as failed for good.
	Dead bool
	// Now is the time of the failure, stored as the job's UpdatedAt.
	Now time.Time
	// Released gives the job back without a failure: a worker that stops
	// returns the jobs it could not finish. The claim's attempt is undone,
	// and the job's last error and the queue row's processing_error are
	// left as they were. Message is then only logged.
	Released bool
}

// Notifier is implemented by stores that can wake workers when new jobs are
// queued, such as the PostgreSQL adapter with LISTEN/NOTIFY. Workers without
// it poll.
type Notifier interface {
	// Wakeups returns a channel that receives a value when jobs may be due.
	// The channel is closed when ctx ends.
	Wakeups(ctx context.Context) <-chan struct{}
}
