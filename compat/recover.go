package compat

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Limits of days_back.
const (
	DefaultDaysBack = 7
	MaxDaysBack     = 3650
)

// Recovery counts what one diagnosis found and repaired.
type Recovery struct {
	// Recovered is the number of workouts whose stages were queued again.
	Recovered int
	// Missing is the number of workouts found without a queue row.
	Missing int
	// Failed is the number of workouts with a failed or dead stage job.
	Failed int
}

// Recoverer diagnoses the processing of the workouts recorded since a
// time and repairs what it can. The recovery package provides the full
// implementation; QueueRecoverer is the one used when none is configured.
type Recoverer interface {
	Recover(ctx context.Context, since time.Time) (Recovery, error)
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

// DiagnoseAndRecoverWorkoutRecords runs the configured Recoverer over the
// last DaysBack days. A failure is reported in the reply's Error, with
// the counts at 0. The returned error is a *ForbiddenError for callers
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

	recovery, err := s.recoverer.Recover(ctx, now.AddDate(0, 0, -days))
	if err != nil {
		s.logger.ErrorContext(ctx, "compat: diagnose_and_recover_workout_records failed", "days_back", days, "error", err)
		reply.Error = err.Error()
		return reply, nil
	}
	reply.RecoveredCount = recovery.Recovered
	reply.MissingCount = recovery.Missing
	reply.FailedCount = recovery.Failed
	return reply, nil
}

// MarshalJSON writes the timestamp in UTC with microsecond precision, as
// PostgreSQL prints a timestamptz.
func (r DiagnoseReply) MarshalJSON() ([]byte, error) {
	type plain DiagnoseReply
	r.Timestamp = r.Timestamp.UTC().Truncate(time.Microsecond)
	return json.Marshal(plain(r))
}
