package workout

import (
	"time"

	"github.com/google/uuid"
)

// Workout is one recorded workout, stored as a row of workout_records.
//
// A workout is stored whatever it earns: whether it becomes a challenge
// check-in is decided later by the ranking stage.
type Workout struct {
	// ID is the record id, assigned by the Recorder.
	ID uuid.UUID `json:"id"`
	// UserID is the owner of the workout. Required.
	UserID uuid.UUID `json:"user_id"`
	// ClientWorkoutID is the client's own id for the workout: any text,
	// often not a UUID, empty when the client has none.
	ClientWorkoutID string `json:"workout_id"`
	// Name is a display name such as "Corrida". Required, at most 200
	// characters.
	Name string `json:"workout_name"`
	// Type is the kind of workout such as "Run". Required, at most 60
	// characters.
	Type string `json:"workout_type"`
	// Date is the instant the workout happened. Required.
	Date time.Time `json:"date"`
	// DurationMinutes is the workout's length, from 1 to 1440.
	DurationMinutes int `json:"duration_minutes"`
	// Notes is free text of at most 2000 characters.
	Notes string `json:"notes"`
	// ImageURLs lists pictures attached to the workout.
	ImageURLs []string `json:"image_urls"`
	// ChallengeID is the challenge the workout is recorded for, or uuid.Nil
	// for none.
	ChallengeID uuid.UUID `json:"challenge_id"`
	// IdempotencyKey makes a repeated Record return the first result. It is
	// unique per user. Empty means no key, and then the replay window rule
	// applies instead (see Recorder).
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	// Points is the number of challenge points the workout earned, written
	// by the ranking stage: the check-in points when the workout owns a
	// check-in, else 0.
	Points int `json:"points"`
	// CreatedAt and UpdatedAt are set by the store.
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// HasChallenge reports whether the workout is recorded for a challenge.
func (w Workout) HasChallenge() bool { return w.ChallengeID != uuid.Nil }

// SameContent reports whether w and other describe the same workout for the
// replay rule: same user, name, type, duration, challenge and notes, and
// dates at most window apart.
func (w Workout) SameContent(other Workout, window time.Duration) bool {
	if w.UserID != other.UserID || w.Name != other.Name || w.Type != other.Type {
		return false
	}
	if w.DurationMinutes != other.DurationMinutes || w.ChallengeID != other.ChallengeID || w.Notes != other.Notes {
		return false
	}
	gap := w.Date.Sub(other.Date)
	if gap < 0 {
		gap = -gap
	}
	return gap <= window
}
