package main

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// workoutFields are the editable fields of a workout, as sent to
// POST /v1/workouts and PUT /v1/workouts/{id}. Ids and times are text so
// that an invalid one is reported with its field name.
type workoutFields struct {
	WorkoutName     string   `json:"workout_name"`
	WorkoutType     string   `json:"workout_type"`
	Date            string   `json:"date"`
	DurationMinutes int      `json:"duration_minutes"`
	Notes           string   `json:"notes"`
	ImageURLs       []string `json:"image_urls"`
	ChallengeID     string   `json:"challenge_id"`
}

// recordRequest is the body of POST /v1/workouts.
type recordRequest struct {
	UserID string `json:"user_id"`
	// WorkoutID is the client's own id for the workout, any text.
	WorkoutID      string `json:"workout_id"`
	IdempotencyKey string `json:"idempotency_key"`
	workoutFields
}

// recordResponse is the body of a successful POST /v1/workouts.
type recordResponse struct {
	Workout  workout.Workout `json:"workout"`
	Replayed bool            `json:"replayed"`
}

// apply copies the fields into w, collecting parse errors in p.
func (f workoutFields) apply(w *workout.Workout, p *fieldParser) {
	w.Name = f.WorkoutName
	w.Type = f.WorkoutType
	w.Date = p.time("date", f.Date)
	w.DurationMinutes = f.DurationMinutes
	w.Notes = f.Notes
	w.ImageURLs = f.ImageURLs
	w.ChallengeID = p.uuid("challenge_id", f.ChallengeID)
}

// validate returns a *workout.ValidationError naming every invalid field of
// w and the fields already in p, or nil when p is empty. The recorder
// validates again, so this only runs to report everything at once when a
// field did not even parse.
func (a *api) validate(w workout.Workout, p *fieldParser) error {
	if len(p.fields) == 0 {
		return nil
	}
	p.merge(workout.Validate(w, a.Clock.Now(), a.FutureTolerance))
	return p.err()
}

// recordWorkout handles POST /v1/workouts: 201 with the new workout, or 200
// with the first one when the call is a replay. The Idempotency-Key header
// is an alternative to the idempotency_key field.
func (a *api) recordWorkout(w http.ResponseWriter, r *http.Request) {
	var req recordRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	var p fieldParser
	wo := workout.Workout{ClientWorkoutID: req.WorkoutID, IdempotencyKey: req.IdempotencyKey}
	wo.UserID = p.uuid("user_id", req.UserID)
	req.workoutFields.apply(&wo, &p)
	if header := r.Header.Get("Idempotency-Key"); header != "" {
		if wo.IdempotencyKey != "" && wo.IdempotencyKey != header {
			p.add("idempotency_key", "differs from the Idempotency-Key header")
		}
		wo.IdempotencyKey = header
	}
	if err := a.validate(wo, &p); err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	recorded, err := a.Pipeline.Record(r.Context(), wo)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	status := http.StatusCreated
	if recorded.Replayed {
		status = http.StatusOK
	}
	w.Header().Set("Location", "/v1/workouts/"+recorded.Workout.ID.String())
	writeJSON(w, status, recordResponse{Workout: recorded.Workout, Replayed: recorded.Replayed})
}

// getWorkout handles GET /v1/workouts/{id}.
func (a *api) getWorkout(w http.ResponseWriter, r *http.Request) {
	serveByID(a, w, r, a.Pipeline.Workout)
}

// serveByID reads the {id} path value, calls read with it and writes the
// result as JSON, or the error of either step.
func serveByID[T any](a *api, w http.ResponseWriter, r *http.Request, read func(context.Context, uuid.UUID) (T, error)) {
	id, err := pathUUID(r, "id")
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	result, err := read(r.Context(), id)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	writeJSON(w, http.StatusOK, result)
}

// updateWorkout handles PUT /v1/workouts/{id}: it replaces the editable
// fields of the workout and queues its stages again.
func (a *api) updateWorkout(w http.ResponseWriter, r *http.Request) {
	id, err := pathUUID(r, "id")
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	var fields workoutFields
	if err := decodeJSON(r, &fields); err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	stored, err := a.Pipeline.Workout(r.Context(), id)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	var p fieldParser
	fields.apply(&stored, &p)
	if err := a.validate(stored, &p); err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	updated, err := a.Pipeline.Update(r.Context(), stored)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	writeJSON(w, http.StatusOK, updated)
}

// deleteWorkout handles DELETE /v1/workouts/{id} and returns the deleted
// workout.
func (a *api) deleteWorkout(w http.ResponseWriter, r *http.Request) {
	serveByID(a, w, r, a.Pipeline.Delete)
}

// workoutStatus handles GET /v1/workouts/{id}/status: the queue row and
// the state of each stage's job.
func (a *api) workoutStatus(w http.ResponseWriter, r *http.Request) {
	serveByID(a, w, r, a.Pipeline.Status)
}

// retryWorkout handles POST /v1/workouts/{id}/retry: the failed and dead
// jobs of the workout go back to the queue.
func (a *api) retryWorkout(w http.ResponseWriter, r *http.Request) {
	id, err := pathUUID(r, "id")
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}

	requeued, err := a.Pipeline.Retry(r.Context(), id)
	if err != nil {
		writeError(w, r, a.Logger, err)
		return
	}
	if requeued == 0 {
		// Nothing to requeue is fine for a known workout, but an unknown
		// id must not look like a success.
		if _, err := a.Pipeline.Status(r.Context(), id); err != nil {
			writeError(w, r, a.Logger, fmt.Errorf("retry workout %s: %w", id, err))
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"workout_id": id, "requeued": requeued})
}
