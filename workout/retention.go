package workout

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Defaults of RetentionPolicy.
const (
	DefaultRetentionAge        = 30 * 24 * time.Hour
	DefaultFailureRetentionAge = 90 * 24 * time.Hour
	DefaultRetentionBatchSize  = 1000
)

// RetentionPolicy says how long finished processing rows are kept. Zero
// fields take the documented defaults.
type RetentionPolicy struct {
	// Age is how long finished work is kept: queue rows processed more than
	// Age ago with their done jobs, done jobs of deleted workouts, log
	// events older than Age that are not failures, and the markers of the
	// legacy check-in replies. Zero means DefaultRetentionAge.
	Age time.Duration
	// FailureAge is how long failures are kept: log events with status
	// failed or dead, and dead jobs of deleted workouts. Zero means
	// DefaultFailureRetentionAge. It must not be shorter than Age.
	FailureAge time.Duration
	// BatchSize is the maximum number of rows one statement deletes, so
	// that no statement holds many locks for long. Zero means
	// DefaultRetentionBatchSize.
	BatchSize int
}

// WithDefaults returns the policy with its zero fields set to the
// defaults, or an error naming the invalid field.
func (p RetentionPolicy) WithDefaults() (RetentionPolicy, error) {
	if p.Age < 0 || p.FailureAge < 0 || p.BatchSize < 0 {
		return p, errors.New("invalid retention policy: Age, FailureAge and BatchSize must not be negative")
	}
	p.Age = orDefault(p.Age, DefaultRetentionAge)
	p.FailureAge = orDefault(p.FailureAge, DefaultFailureRetentionAge)
	p.BatchSize = orDefault(p.BatchSize, DefaultRetentionBatchSize)
	if p.FailureAge < p.Age {
		return p, fmt.Errorf("invalid retention policy: FailureAge %s is shorter than Age %s", p.FailureAge, p.Age)
	}
	return p, nil
}

// Purged counts the rows one retention run deleted.
type Purged struct {
	QueueRows int `json:"queue_rows"`
	Jobs      int `json:"jobs"`
	LogEvents int `json:"log_events"`
	// CheckInReplies counts the markers that recorded which legacy
	// check-in call announced a workout's points.
	CheckInReplies int `json:"check_in_replies"`
}

// Total returns the number of rows deleted.
func (p Purged) Total() int { return p.QueueRows + p.Jobs + p.LogEvents + p.CheckInReplies }

// Retainer is implemented by stores that can delete old processing rows.
// Both shipped adapters implement it.
//
// Unfinished work is never deleted: a queue row without processed_at, and
// its pending, running or dead jobs, stay until the work is done or an
// operator deals with them.
//
// NOTE: a recovery run whose Since lies before now minus Age finds the
// workouts whose queue row was deleted and queues them again. The stages
// recompute, so that changes nothing but costs work.
type Retainer interface {
	// PurgeExpired deletes, in statements of at most policy.BatchSize rows,
	// every row that policy no longer keeps at now, and returns the counts.
	// When ctx ends it stops between statements and returns the counts so
	// far with the error.
	PurgeExpired(ctx context.Context, policy RetentionPolicy, now time.Time) (Purged, error)
}

// RetentionTask returns a maintenance task named "retention" that runs
// PurgeExpired at the clock's now and logs what it deleted. A nil clock
// means SystemClock and a nil logger slog.Default().
func RetentionTask(r Retainer, policy RetentionPolicy, clock Clock, logger *slog.Logger) MaintenanceTask {
	if clock == nil {
		clock = SystemClock{}
	}
	if logger == nil {
		logger = slog.Default()
	}
	return MaintenanceTask{
		Name: "retention",
		Run: func(ctx context.Context) error {
			purged, err := r.PurgeExpired(ctx, policy, clock.Now())
			if purged.Total() > 0 {
				logger.InfoContext(ctx, "workoutflow: expired processing rows deleted",
					"queue_rows", purged.QueueRows, "jobs", purged.Jobs, "log_events", purged.LogEvents)
			}
			return err
		},
	}
}
