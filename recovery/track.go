package recovery

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/tracking"
)

// repairAction describes one repair for the processing log and the logs.
type repairAction struct {
	// name is the Finding.Action carried out.
	name        string
	workoutID   uuid.UUID
	userID      uuid.UUID
	challengeID uuid.UUID
	// findings are the findings the action repairs.
	findings []Finding
	// response describes the result, such as the number of jobs queued.
	response map[string]any
}

// record tracks the action as a tracking.ActionRecovery event and logs it.
// err is the action's error, nil when it succeeded.
func (r *Recoverer) record(ctx context.Context, action repairAction, started time.Time, err error) {
	kinds := make([]Kind, 0, len(action.findings))
	for _, f := range action.findings {
		kinds = append(kinds, f.Kind)
	}
	request, _ := json.Marshal(map[string]any{"action": action.name, "kinds": kinds, "findings": action.findings})
	response, _ := json.Marshal(action.response)

	event := tracking.Event{
		WorkoutID:    action.workoutID,
		UserID:       action.userID,
		ChallengeID:  action.challengeID,
		Action:       tracking.ActionRecovery,
		Status:       tracking.StatusSucceeded,
		RequestData:  request,
		ResponseData: response,
		Duration:     time.Since(started),
		CreatedAt:    r.clock.Now(),
	}
	if err != nil {
		// The error is returned by the run, so it is tracked but not logged.
		event.Status = tracking.StatusFailed
		event.ErrorMessage = err.Error()
		event.ErrorDetail = fmt.Sprintf("%T", err)
		r.tracker.Track(ctx, event)
		return
	}

	r.tracker.Track(ctx, event)
	r.logger.InfoContext(ctx, "recovery: repaired", "action", action.name, "workout_id", action.workoutID,
		"user_id", action.userID, "challenge_id", action.challengeID, "findings", len(action.findings),
		"result", action.response)
}

// markRepaired sets the outcome of an action on its findings.
func markRepaired(findings []Finding, err error) {
	for i := range findings {
		if err != nil {
			findings[i].Error = err.Error()
			continue
		}
		findings[i].Repaired = true
	}
}
