package workout

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Limits of the fields of a Workout, in characters (Unicode code points) or
// minutes.
const (
	MaxNameLength  = 200
	MaxTypeLength  = 60
	MaxNotesLength = 2000
	// MaxClientIDLength bounds the client's own workout id, which is stored
	// as given.
	MaxClientIDLength      = 2000
	MinDuration            = 1
	MaxDuration            = 1440
	DefaultFutureTolerance = time.Hour
)

// MinDate is the earliest workout date accepted. Old dates are valid for
// offline sync and imports, but a date before it is a client bug, and
// PostgreSQL cannot store years far enough in the past.
var MinDate = time.Date(1900, time.January, 1, 0, 0, 0, 0, time.UTC)

// FieldError is one invalid field of a request.
type FieldError struct {
	// Field is the JSON name of the field, such as "duration_minutes".
	Field string `json:"field"`
	// Message describes what is wrong with the value.
	Message string `json:"message"`
}

// ValidationError lists every invalid field of a rejected request. Nothing
// is stored when it is returned. Test for it with errors.As.
type ValidationError struct {
	// Subject names what was validated, such as "challenge"; empty means
	// "workout".
	Subject string
	Fields  []FieldError
}

// Error lists the invalid fields in one line.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	subject := e.Subject
	if subject == "" {
		subject = "workout"
	}
	return "invalid " + subject + ": " + strings.Join(parts, "; ")
}

// Has reports whether field is among the invalid fields.
func (e *ValidationError) Has(field string) bool {
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

func (e *ValidationError) add(field, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Validate checks w against the recording rules and returns a
// *ValidationError naming every invalid field, or nil. A date later than
// now plus futureTolerance is invalid; old dates are valid.
func Validate(w Workout, now time.Time, futureTolerance time.Duration) error {
	verr := &ValidationError{}

	if w.UserID == uuid.Nil {
		verr.add("user_id", "is required")
	}
	checkText(verr, "workout_name", w.Name, MaxNameLength, true)
	checkText(verr, "workout_type", w.Type, MaxTypeLength, true)
	checkText(verr, "notes", w.Notes, MaxNotesLength, false)
	checkText(verr, "workout_id", w.ClientWorkoutID, MaxClientIDLength, false)
	checkText(verr, "idempotency_key", w.IdempotencyKey, MaxNameLength, false)
	for i, u := range w.ImageURLs {
		checkText(verr, fmt.Sprintf("image_urls[%d]", i), u, MaxNotesLength, true)
	}

	if w.DurationMinutes < MinDuration || w.DurationMinutes > MaxDuration {
		verr.add("duration_minutes", "must be between %d and %d minutes, got %d", MinDuration, MaxDuration, w.DurationMinutes)
	}

	switch {
	case w.Date.IsZero():
		verr.add("date", "is required")
	case w.Date.Before(MinDate):
		verr.add("date", "is before %s (%s)", MinDate.Format(time.DateOnly), w.Date.UTC().Format(time.RFC3339))
	case w.Date.After(now.Add(futureTolerance)):
		verr.add("date", "is more than %s in the future (%s)", futureTolerance, w.Date.UTC().Format(time.RFC3339))
	}

	if len(verr.Fields) > 0 {
		return verr
	}
	return nil
}

// checkText rejects text that PostgreSQL cannot store (invalid UTF-8 or a NUL
// character), that is too long, or, when required, that is blank.
func checkText(verr *ValidationError, field, value string, maxLength int, required bool) {
	switch {
	case !utf8.ValidString(value):
		verr.add(field, "is not valid UTF-8")
	case strings.ContainsRune(value, 0):
		verr.add(field, "contains a NUL character")
	case required && strings.TrimSpace(value) == "":
		verr.add(field, "is required")
	case utf8.RuneCountInString(value) > maxLength:
		verr.add(field, "is longer than %d characters", maxLength)
	}
}
