package compat

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode/utf8"

	"github.com/rayclub/workoutflow/workout"
)

// idempotencyKey derives the idempotency key of a workout from the
// client's workout id. An id of at most workout.MaxNameLength characters
// is the key itself. A longer id, which the key's limit would reject, is
// replaced by "sha256:" and the hex SHA-256 of its UTF-8 bytes, so the
// call still succeeds and a resubmission finds the first record. The SQL
// functions derive the same key.
func idempotencyKey(clientWorkoutID string) string {
	if utf8.RuneCountInString(clientWorkoutID) <= workout.MaxNameLength {
		return clientWorkoutID
	}
	sum := sha256.Sum256([]byte(clientWorkoutID))
	return "sha256:" + hex.EncodeToString(sum[:])
}
