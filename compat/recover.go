package compat

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Limits of days_back.
const (
	DefaultDaysBack = 7
	MaxDaysBack     = 3650
)

// Recoverer repairs the processing of recent workouts for the operator
// calls. *recovery.Recoverer implements it.
type Recoverer interface {
	// RecoverRecent queues the workouts of the last daysBack days that are
	// missing from the queue and sends their dead jobs back. It returns the
	// number of workouts queued again, found missing, and with a failed or
	// dead job.
	RecoverRecent(ctx context.Context, daysBack int) (recovered, missing, failed int, err error)
	// RetryWorkout queues a workout's stages again: the missing ones, or
	// else its failed, dead and abandoned jobs. It reports whether it
	// queued anything.
	RetryWorkout(ctx context.Context, workoutID uuid.UUID) (bool, error)
}

// DiagnoseParams are the named parameters of
// diagnose_and_recover_workout_records.
type DiagnoseParams struct {
	// DaysBack is the period to diagnose, in days back from now, from 1 to
	// MaxDaysBack. Zero means DefaultDaysBack.
	DaysBack int `json:"days_back"`
}

// DiagnoseReply is the reply of diagnose_and_recover_workout_records. The
// error key is present only when the diagnosis failed.
type DiagnoseReply struct {
	RecoveredCount int       `json:"recovered_count"`
	MissingCount   int       `json:"missing_count"`
	FailedCount    int       `json:"failed_count"`
	Period         string    `json:"period"`
	Timestamp      time.Time `json:"timestamp"`
	Error          string    `json:"error,omitempty"`
}

// DiagnoseAndRecoverWorkoutRecords runs the Recoverer's RecoverRecent
// over the last DaysBack days. A failure is reported in the reply's Error,
// with the counts at 0, as the SQL function replies. The returned error is a *ForbiddenError for callers
// other than RoleServiceRole, and nil otherwise.
func (s *Service) DiagnoseAndRecoverWorkoutRecords(ctx context.Context, auth Auth, params DiagnoseParams) (DiagnoseReply, error) {
	if err := authorizeOperator(FunctionDiagnoseAndRecover, auth); err != nil {
		return DiagnoseReply{}, err
	}

	now := s.clock.Now()
	days := params.DaysBack
	if days == 0 {
		days = DefaultDaysBack
	}
	reply := DiagnoseReply{Period: fmt.Sprintf("%d days", days), Timestamp: now.UTC()}
	if days < 1 || days > MaxDaysBack {
		reply.Error = fmt.Sprintf("days_back must be between 1 and %d, got %d", MaxDaysBack, days)
		return reply, nil
	}

	recovered, missing, failed, err := s.recoverer.RecoverRecent(ctx, days)
	if err != nil {
		s.logger.ErrorContext(ctx, "compat: diagnose_and_recover_workout_records failed", "days_back", days, "error", err)
		reply.Error = err.Error()
		return reply, nil
	}
	reply.RecoveredCount = recovered
	reply.MissingCount = missing
	reply.FailedCount = failed
	return reply, nil
}

// MarshalJSON writes the timestamp in UTC with microsecond precision, as
// PostgreSQL prints a timestamptz.
func (r DiagnoseReply) MarshalJSON() ([]byte, error) {
	type plain DiagnoseReply
	r.Timestamp = r.Timestamp.UTC().Truncate(time.Microsecond)
	return json.Marshal(plain(r))
}
