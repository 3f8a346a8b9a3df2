package compat

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// Labels the app shows while it polls a workout's processing.
const (
	LabelProcessed = "Processado"
	LabelPartial   = "Processamento parcial"
	LabelPending   = "Em Análise"
)

// ProcessingLabel returns the label the app shows for a workout's queue
// row: LabelProcessed when both the ranking and the dashboard stages are
// done, LabelPartial when one of them is, LabelPending otherwise.
func ProcessingLabel(status workout.Status) string {
	return labelOf(status.ProcessedForRanking, status.ProcessedForDashboard)
}

func labelOf(ranking, dashboard bool) string {
	switch {
	case ranking && dashboard:
		return LabelProcessed
	case ranking || dashboard:
		return LabelPartial
	}
	return LabelPending
}

// QueueRow is the row of workout_processing_queue that the app polls by
// workout_id.
type QueueRow struct {
	WorkoutID             string     `json:"workout_id"`
	UserID                string     `json:"user_id"`
	ChallengeID           *string    `json:"challenge_id"`
	ProcessedForRanking   bool       `json:"processed_for_ranking"`
	ProcessedForDashboard bool       `json:"processed_for_dashboard"`
	ProcessingError       *string    `json:"processing_error"`
	CreatedAt             time.Time  `json:"created_at"`
	ProcessedAt           *time.Time `json:"processed_at"`
}

// Label returns the label the app shows for the row (see
// ProcessingLabel).
func (r QueueRow) Label() string {
	return labelOf(r.ProcessedForRanking, r.ProcessedForDashboard)
}

// ProcessingStatus returns the queue row of the workout with the record
// id workoutID. It returns false when the id is invalid, when the workout
// has no queue row, or when a signed-in caller does not own the workout,
// because row-level security hides other users' rows.
func (s *Service) ProcessingStatus(ctx context.Context, auth Auth, workoutID string) (QueueRow, bool, error) {
	id, err := uuid.Parse(workoutID)
	if err != nil {
		return QueueRow{}, false, nil
	}

	status, err := s.pipeline.Status(ctx, id)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return QueueRow{}, false, nil
	case err != nil:
		return QueueRow{}, false, fmt.Errorf("processing status of workout %s: %w", id, err)
	}
	if authorizeFor("workout_processing_queue", auth, status.UserID) != nil {
		return QueueRow{}, false, nil
	}
	return queueRowOf(status), true, nil
}

func queueRowOf(status workout.Status) QueueRow {
	row := QueueRow{
		WorkoutID:             status.WorkoutID.String(),
		UserID:                status.UserID.String(),
		ProcessedForRanking:   status.ProcessedForRanking,
		ProcessedForDashboard: status.ProcessedForDashboard,
		ProcessingError:       nullable(status.ProcessingError),
		CreatedAt:             status.CreatedAt,
		ProcessedAt:           status.ProcessedAt,
	}
	if status.ChallengeID != uuid.Nil {
		row.ChallengeID = nullable(status.ChallengeID.String())
	}
	return row
}
