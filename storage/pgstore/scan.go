package pgstore

import (
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// workoutColumns selects a workout from workout_records or from
// workoutflow_insert_workout, whose result has the same column names.
// Legacy rows may hold NULL where the library always writes a value.
const workoutColumns = `id, user_id,
	coalesce(workout_id, '') AS workout_id,
	coalesce(workout_name, '') AS workout_name,
	coalesce(workout_type, '') AS workout_type,
	date,
	coalesce(duration_minutes, 0) AS duration_minutes,
	coalesce(notes, '') AS notes,
	image_urls,
	challenge_id,
	coalesce(idempotency_key, '') AS idempotency_key,
	coalesce(points, 0) AS points,
	created_at, updated_at`

// workoutRow is a row selected with workoutColumns.
type workoutRow struct {
	ID              uuid.UUID     `db:"id"`
	UserID          uuid.UUID     `db:"user_id"`
	ClientWorkoutID string        `db:"workout_id"`
	Name            string        `db:"workout_name"`
	Type            string        `db:"workout_type"`
	Date            *time.Time    `db:"date"`
	DurationMinutes int           `db:"duration_minutes"`
	Notes           string        `db:"notes"`
	ImageURLs       []string      `db:"image_urls"`
	ChallengeID     uuid.NullUUID `db:"challenge_id"`
	IdempotencyKey  string        `db:"idempotency_key"`
	Points          int           `db:"points"`
	CreatedAt       *time.Time    `db:"created_at"`
	UpdatedAt       *time.Time    `db:"updated_at"`
}

func (r workoutRow) workout() workout.Workout {
	return workout.Workout{
		ID:              r.ID,
		UserID:          r.UserID,
		ClientWorkoutID: r.ClientWorkoutID,
		Name:            r.Name,
		Type:            r.Type,
		Date:            timeValue(r.Date),
		DurationMinutes: r.DurationMinutes,
		Notes:           r.Notes,
		ImageURLs:       r.ImageURLs,
		ChallengeID:     uuidValue(r.ChallengeID),
		IdempotencyKey:  r.IdempotencyKey,
		Points:          r.Points,
		CreatedAt:       timeValue(r.CreatedAt),
		UpdatedAt:       timeValue(r.UpdatedAt),
	}
}

// timeValue returns *t in UTC, or the zero time for NULL.
func timeValue(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// timePointer returns t in UTC, or nil for NULL.
func timePointer(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	utc := t.UTC()
	return &utc
}

// uuidValue returns the id, or uuid.Nil for NULL.
func uuidValue(id uuid.NullUUID) uuid.UUID {
	if !id.Valid {
		return uuid.Nil
	}
	return id.UUID
}

// nullUUID returns nil for uuid.Nil, so that it is stored as NULL.
func nullUUID(id uuid.UUID) any {
	if id == uuid.Nil {
		return nil
	}
	return id
}

// nullString returns nil for an empty string, so that it is stored as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullTime returns nil for the zero time, so that it is stored as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// challengeIDs returns the ids that are not uuid.Nil, without repeats, in
// their first order, as a non-nil slice for a uuid[] parameter.
func challengeIDs(ids ...uuid.UUID) []uuid.UUID {
	unique := []uuid.UUID{}
	for _, id := range ids {
		if id != uuid.Nil && !containsUUID(unique, id) {
			unique = append(unique, id)
		}
	}
	return unique
}

func containsUUID(ids []uuid.UUID, id uuid.UUID) bool {
	for _, candidate := range ids {
		if candidate == id {
			return true
		}
	}
	return false
}
