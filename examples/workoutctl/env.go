package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/workout"
)

// trackerFlushTimeout bounds the write of the last processing events.
const trackerFlushTimeout = 10 * time.Second

// env is the state the commands share: the output streams and the store,
// opened on first use.
type env struct {
	databaseURL    string
	stdout, stderr io.Writer
	logger         *slog.Logger
	clock          workout.Clock

	store   *pgstore.Store
	tracker *pgstore.Tracker
	flow    *workoutflow.Flow
}

// openStore connects to the database once.
func (e *env) openStore(ctx context.Context) (*pgstore.Store, error) {
	if e.store != nil {
		return e.store, nil
	}
	store, err := pgstore.New(ctx, pgstore.Config{DSN: e.databaseURL, Logger: e.logger})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	e.store = store
	return store, nil
}

// openFlow builds the flow on the store, without starting workers, for
// the recovery and retry commands.
func (e *env) openFlow(ctx context.Context) (*workoutflow.Flow, error) {
	if e.flow != nil {
		return e.flow, nil
	}
	store, err := e.openStore(ctx)
	if err != nil {
		return nil, err
	}
	// Retries and repairs are logged in workout_tracking_log, as the
	// server logs them.
	tracker := store.NewTracker(pgstore.TrackerConfig{})
	if err := tracker.Start(ctx); err != nil {
		return nil, err
	}
	e.tracker = tracker
	flow, err := workoutflow.New(workoutflow.Config{
		Store:    store,
		Pipeline: workout.Config{Clock: e.now(), Logger: e.logger, Tracker: tracker},
	})
	if err != nil {
		return nil, err
	}
	e.flow = flow
	return flow, nil
}

func (e *env) now() workout.Clock {
	if e.clock == nil {
		return workout.SystemClock{}
	}
	return e.clock
}

// progress writes a progress line to stderr.
func (e *env) progress(format string, args ...any) {
	fmt.Fprintf(e.stderr, "workoutctl: "+format+"\n", args...)
}

// printJSON writes value to stdout as indented JSON.
func (e *env) printJSON(value any) error {
	encoder := json.NewEncoder(e.stdout)
	encoder.SetIndent("", "  ")
	return encoder.Encode(value)
}

// close flushes the tracker and closes the store.
func (e *env) close() {
	if e.tracker != nil {
		ctx, cancel := context.WithTimeout(context.Background(), trackerFlushTimeout)
		defer cancel()
		if err := e.tracker.Stop(ctx); err != nil {
			e.progress("events of this run may be missing from the processing log: %v", err)
		}
	}
	if e.store != nil {
		e.store.Close()
	}
}

// parseWorkoutID parses the one positional argument of a command as a
// workout id.
func parseWorkoutID(command string, args []string) (uuid.UUID, error) {
	if len(args) != 1 {
		return uuid.Nil, usagef("%s: expected one workout id, got %d arguments", command, len(args))
	}
	id, err := uuid.Parse(args[0])
	if err != nil {
		return uuid.Nil, usagef("%s: invalid workout id %q: expected a UUID", command, args[0])
	}
	return id, nil
}
