package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// eventsReader returns the logged events of a workout, oldest first.
// *pgstore.Store implements it.
type eventsReader interface {
	Events(ctx context.Context, workoutID uuid.UUID) ([]tracking.Event, error)
}

// memoryEvents reads the events a tracking.Memory kept.
type memoryEvents struct{ tracker *tracking.Memory }

// Events returns the kept events of the workout.
func (m memoryEvents) Events(_ context.Context, workoutID uuid.UUID) ([]tracking.Event, error) {
	events := m.tracker.WorkoutEvents(workoutID)
	if events == nil {
		events = []tracking.Event{}
	}
	return events, nil
}

// eventsOf returns the reader of the processing log of the opened store:
// the store itself when it reads the log, else its in-memory tracker. It
// returns nil when there is neither.
func eventsOf(opened *openedStore) eventsReader {
	if reader, ok := opened.store.(eventsReader); ok {
		return reader
	}
	tracker := opened.tracker
	if instrumented, ok := tracker.(*metricsTracker); ok {
		tracker = instrumented.next
	}
	if memory, ok := tracker.(*tracking.Memory); ok {
		return memoryEvents{tracker: memory}
	}
	return nil
}

// explainResponse is the body of GET /v1/workouts/{id}/explain.
type explainResponse struct {
	Explanation ranking.Explanation `json:"explanation"`
	// Status is the workout's processing status, nil when it has no queue
	// row, such as after retention deleted it.
	Status *workout.Status  `json:"status"`
	Events []tracking.Event `json:"events"`
}

// explainHandler serves GET /v1/workouts/{id}/explain: whether the workout
// owns a check-in on its challenge's leaderboard and why not, with its
// processing status and its logged events.
type explainHandler struct {
	store  ranking.ExplainStore
	queue  workout.QueueStore
	events eventsReader
	clock  workout.Clock
	logger *slog.Logger
}

// newExplainHandler returns the explain handler on the opened store.
func newExplainHandler(opened *openedStore, clock workout.Clock, logger *slog.Logger) explainHandler {
	return explainHandler{store: opened.store, queue: opened.store, events: eventsOf(opened), clock: clock, logger: logger}
}

// ServeHTTP writes the explanation of the workout named in the path.
func (h explainHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, err := pathUUID(r, "id")
	if err != nil {
		writeError(w, r, h.logger, err)
		return
	}

	explanation, err := ranking.ExplainStored(r.Context(), h.store, id, h.clock.Now())
	if err != nil {
		writeError(w, r, h.logger, err)
		return
	}
	response := explainResponse{Explanation: explanation, Events: []tracking.Event{}}

	status, err := h.queue.Status(r.Context(), id)
	switch {
	case err == nil:
		response.Status = &status
	case !errors.Is(err, storage.ErrNotFound):
		writeError(w, r, h.logger, err)
		return
	}
	if h.events != nil {
		if response.Events, err = h.events.Events(r.Context(), id); err != nil {
			writeError(w, r, h.logger, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, response)
}
