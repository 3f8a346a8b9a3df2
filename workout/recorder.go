package workout

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/tracking"
)

// Recorded is the result of a successful Record.
type Recorded struct {
	// Workout is the stored workout: the new one, or the first one when
	// the call was a replay.
	Workout Workout
	// Replayed is set when the call matched an earlier workout (same
	// idempotency key, or an identical workout inside the replay window)
	// and nothing new was stored.
	Replayed bool
}

// Recorder makes workouts durable: it validates a workout and stores it with
// its queue row and stage jobs in one transaction. It never runs a stage.
type Recorder struct {
	store   WorkoutStore
	stages  []string
	tracker tracking.Tracker
	clock   Clock

	futureTolerance time.Duration
	replayWindow    time.Duration
}

func newRecorder(cfg Config) *Recorder {
	stages := make([]string, len(cfg.Stages))
	for i, sc := range cfg.Stages {
		stages[i] = sc.Name
	}
	replay := cfg.ReplayWindow
	if replay < 0 {
		replay = 0
	}
	return &Recorder{
		store:           cfg.Store,
		stages:          stages,
		tracker:         cfg.Tracker,
		clock:           cfg.Clock,
		futureTolerance: cfg.FutureTolerance,
		replayWindow:    replay,
	}
}

// Record validates w and stores it with one queued job per stage. An invalid
// workout returns a *ValidationError and stores nothing. The ID, CreatedAt,
// UpdatedAt and Points fields of w are ignored.
func (r *Recorder) Record(ctx context.Context, w Workout) (Recorded, error) {
	started := time.Now()
	now := r.clock.Now()
	w = normalize(w)

	if err := Validate(w, now, r.futureTolerance); err != nil {
		r.track(ctx, w, tracking.ActionRecord, tracking.StatusRejected, started, err)
		return Recorded{}, err
	}

	w.ID = newRecordID()
	w.Points = 0
	event := r.event(ctx, w, tracking.ActionRecord, tracking.StatusSucceeded, started, nil)
	event.ID = newRecordID()
	stored, replayed, err := r.store.InsertWorkout(ctx, InsertRequest{
		Workout:      w,
		Stages:       r.stages,
		ReplayWindow: r.replayWindow,
		Now:          now,
		Event:        &event,
	})
	if err != nil {
		r.track(ctx, w, tracking.ActionRecord, tracking.StatusFailed, started, err)
		return Recorded{}, fmt.Errorf("record workout for user %s: %w", w.UserID, err)
	}

	// The tracked event is the one the store may have logged already, so
	// it describes the stored workout (the earlier one on a replay).
	event.WorkoutID, event.UserID, event.ChallengeID = stored.ID, stored.UserID, stored.ChallengeID
	if replayed {
		event.Status = tracking.StatusReplayed
	}
	event.Duration = time.Since(started)
	if logger, ok := r.store.(RecordLogger); ok && logger.LogsRecordEvents() {
		event.Stored = true
	}
	r.tracker.Track(ctx, event)
	return Recorded{Workout: stored, Replayed: replayed}, nil
}

// Update validates w and replaces the stored workout with the same ID, then
// queues every stage again so that rankings and dashboards reflect the change
// as if the workouts had arrived in order.
func (r *Recorder) Update(ctx context.Context, w Workout) (Workout, error) {
	started := time.Now()
	now := r.clock.Now()
	w = normalize(w)

	if err := Validate(w, now, r.futureTolerance); err != nil {
		r.track(ctx, w, tracking.ActionUpdate, tracking.StatusRejected, started, err)
		return Workout{}, err
	}

	updated, err := r.store.UpdateWorkout(ctx, w, r.stages, now)
	if err != nil {
		r.track(ctx, w, tracking.ActionUpdate, tracking.StatusFailed, started, err)
		return Workout{}, fmt.Errorf("update workout %s: %w", w.ID, err)
	}
	r.track(ctx, updated, tracking.ActionUpdate, tracking.StatusSucceeded, started, nil)
	return updated, nil
}

// Delete removes a workout and queues every stage to recompute what it
// contributed: a deleted check-in workout hands its day to the next
// qualifying workout of that day, or the check-in disappears.
func (r *Recorder) Delete(ctx context.Context, id uuid.UUID) (Workout, error) {
	started := time.Now()
	deleted, err := r.store.DeleteWorkout(ctx, id, r.stages, r.clock.Now())
	if err != nil {
		r.track(ctx, Workout{ID: id}, tracking.ActionDelete, tracking.StatusFailed, started, err)
		return Workout{}, fmt.Errorf("delete workout %s: %w", id, err)
	}
	r.track(ctx, deleted, tracking.ActionDelete, tracking.StatusSucceeded, started, nil)
	return deleted, nil
}

// normalize trims the surrounding white space of the name and type, which
// the app sometimes sends.
func normalize(w Workout) Workout {
	w.Name = strings.TrimSpace(w.Name)
	w.Type = strings.TrimSpace(w.Type)
	return w
}

// newRecordID returns a time-ordered UUID (version 7), which keeps index
// inserts local in PostgreSQL.
func newRecordID() uuid.UUID {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.New()
	}
	return id
}

func (r *Recorder) track(ctx context.Context, w Workout, action, status string, started time.Time, err error) {
	r.tracker.Track(ctx, r.event(ctx, w, action, status, started, err))
}

// event builds the tracking event of a recorder step on w.
func (r *Recorder) event(ctx context.Context, w Workout, action, status string, started time.Time, err error) tracking.Event {
	request, _ := json.Marshal(trackedWorkout(w))
	event := tracking.Event{
		WorkoutID:   w.ID,
		UserID:      w.UserID,
		ChallengeID: w.ChallengeID,
		Action:      action,
		Status:      status,
		RequestData: request,
		Duration:    time.Since(started),
		ClientInfo:  tracking.ClientInfoFrom(ctx),
		CreatedAt:   r.clock.Now(),
	}
	if err != nil {
		event.ErrorMessage = err.Error()
		var verr *ValidationError
		if errors.As(err, &verr) {
			detail, _ := json.Marshal(verr.Fields)
			event.ErrorDetail = string(detail)
		}
	}
	return event
}

// trackedWorkout is what the processing log keeps of a workout. It leaves
// out the notes and image addresses, which may hold personal data.
func trackedWorkout(w Workout) map[string]any {
	return map[string]any{
		"workout_id":       w.ClientWorkoutID,
		"workout_name":     w.Name,
		"workout_type":     w.Type,
		"date":             w.Date,
		"duration_minutes": w.DurationMinutes,
		"challenge_id":     w.ChallengeID,
		"idempotency_key":  w.IdempotencyKey,
	}
}
