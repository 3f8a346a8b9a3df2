package workout

import (
	"errors"
	"fmt"
)

// ErrStopped is returned by Pipeline methods called after Stop.
var ErrStopped = errors.New("pipeline stopped")

// PanicError is the failure recorded when a stage panics. The panic is
// recovered so that it fails only that attempt.
type PanicError struct {
	// Value is the value passed to panic.
	Value any
	// Stack is the goroutine's stack at the panic.
	Stack []byte
}

// Error describes the panic value.
func (e *PanicError) Error() string { return fmt.Sprintf("stage panicked: %v", e.Value) }

// SkipError is returned by a stage that had nothing to do for a job, such as
// the ranking stage for a workout without a challenge. The pipeline treats
// it as success and tracks the job as skipped with the reason.
type SkipError struct {
	Reason string
}

// Error returns the reason.
func (e *SkipError) Error() string { return "skipped: " + e.Reason }

// Skip returns a *SkipError with the given reason.
func Skip(reason string) error { return &SkipError{Reason: reason} }
