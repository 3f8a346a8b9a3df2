// Package storage defines the errors that every workoutflow storage adapter
// returns, so that callers can test for them with errors.Is whatever adapter
// is behind a pipeline.
//
// The storage contract itself is split into small interfaces declared by the
// packages that consume them: workout.Store (workouts and the processing
// queue), ranking.Store (challenges, participants, check-ins and progress),
// dashboard.Store (the stored user dashboard) and the read side used by
// tracking and recovery. An adapter implements all of them; the adapters
// shipped with the library are storage/memstore (in-memory, for tests and
// development) and storage/pgstore (PostgreSQL, for production). The package
// storage/storagetest holds the conformance suite that both adapters pass.
package storage

import "errors"

var (
	// ErrNotFound is returned when a workout, challenge, participant, job or
	// other row looked up by its key does not exist.
	ErrNotFound = errors.New("not found")

	// ErrLeaseLost is returned when a worker completes, fails or extends a job
	// whose lease it no longer holds: the lease expired and another worker
	// claimed the job, or the workout changed and the job was queued again.
	// The worker must drop the job without retrying.
	ErrLeaseLost = errors.New("job lease lost")

	// ErrConflict is returned when a write would break a uniqueness rule that
	// the caller can fix, such as creating a challenge with an id in use.
	ErrConflict = errors.New("conflict")
)
