package tracking

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

// Actions of an Event besides stage names.
const (
	ActionRecord   = "record"
	ActionUpdate   = "update"
	ActionDelete   = "delete"
	ActionRecovery = "recovery"
	ActionRetry    = "retry"
)

// Statuses of an Event.
const (
	StatusStarted   = "started"
	StatusSucceeded = "succeeded"
	StatusSkipped   = "skipped"
	StatusFailed    = "failed"
	StatusDead      = "dead"
	StatusReplayed  = "replayed"
	StatusRejected  = "rejected"
)

// Event is one step of a workout's processing, a row of
// workout_tracking_log.
type Event struct {
	ID          uuid.UUID `json:"id"`
	WorkoutID   uuid.UUID `json:"workout_id"`
	UserID      uuid.UUID `json:"user_id"`
	ChallengeID uuid.UUID `json:"challenge_id"`
	// Action is ActionRecord, a stage name, ActionRecovery or ActionRetry.
	Action string `json:"action"`
	// Status is StatusStarted, StatusSucceeded, ...
	Status string `json:"status"`
	// Attempt is the stage attempt number, 0 for actions that are not
	// stage runs.
	Attempt int `json:"attempt"`
	// RequestData and ResponseData are JSON documents describing the input
	// and the result of the step.
	RequestData  json.RawMessage `json:"request_data"`
	ResponseData json.RawMessage `json:"response_data,omitempty"`
	ErrorMessage string          `json:"error_message,omitempty"`
	ErrorDetail  string          `json:"error_detail,omitempty"`
	// StackTrace is the stack of a recovered panic.
	StackTrace string `json:"stack_trace,omitempty"`
	// Duration is how long the step took. JSON carries it as
	// processing_time_ms (see MarshalJSON).
	Duration time.Duration `json:"-"`
	// ClientInfo describes the caller (app version, platform, request id).
	ClientInfo json.RawMessage `json:"client_info,omitempty"`
	CreatedAt  time.Time       `json:"created_at"`
	// Stored marks an event that the store already wrote to its processing
	// log in the transaction of the step it describes. Trackers that write
	// a log skip it; others, such as counters, still count it.
	Stored bool `json:"-"`
}

// Tracker receives every processing step. Track must not block for long and
// must not fail the step: an implementation that cannot store an event
// counts and logs the failure itself.
type Tracker interface {
	Track(ctx context.Context, e Event)
}

// Discard is a Tracker that drops every event.
var Discard Tracker = discard{}

type discard struct{}

func (discard) Track(context.Context, Event) {}
