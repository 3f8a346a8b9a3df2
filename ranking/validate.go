package ranking

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/rayclub/workoutflow/workout"
)

// Limits of the text fields of a Challenge, in characters (Unicode code
// points).
const (
	MaxTitleLength       = 200
	MaxDescriptionLength = 2000
)

// ValidateChallenge checks the fields of ch that a new challenge needs and
// returns a *workout.ValidationError naming every invalid field, or nil.
// The title is required, the start and end dates are required and the end
// day may not be before the start day, the zone must be in the zone
// database, and the numbers may not be negative.
func ValidateChallenge(ch Challenge) error {
	verr := &workout.ValidationError{Subject: "challenge"}
	add := func(field, format string, args ...any) {
		verr.Fields = append(verr.Fields, workout.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}

	if message := checkChallengeText(ch.Title, MaxTitleLength, true); message != "" {
		add("title", "%s", message)
	}
	if message := checkChallengeText(ch.Description, MaxDescriptionLength, false); message != "" {
		add("description", "%s", message)
	}
	if ch.StartDate.IsZero() {
		add("start_date", "is required")
	}
	if ch.EndDate.IsZero() {
		add("end_date", "is required")
	}
	validateWindow(ch, add)
	validateNumbers(ch, add)

	if len(verr.Fields) > 0 {
		return verr
	}
	return nil
}

// validateWindow checks the zone, the order of the window's days and that
// MinCheckIns fits in the window.
func validateWindow(ch Challenge, add func(field, format string, args ...any)) {
	start, end, _, err := Window(ch)
	if err != nil {
		add("time_zone", "%q is not a zone of the IANA database, such as America/Sao_Paulo", ch.TimeZone)
		return
	}
	if ch.StartDate.IsZero() || ch.EndDate.IsZero() {
		return
	}
	if end.Before(start) {
		add("end_date", "is before start_date (%s < %s in the challenge zone)", end, start)
		return
	}

	days := end.DaysSince(start) + 1
	if ch.MinCheckIns > days {
		add("min_checkins", "is more than the %d days of the window", days)
	}
}

// validateNumbers checks the rule values, where zero means the default.
func validateNumbers(ch Challenge, add func(field, format string, args ...any)) {
	if ch.PointsPerCheckIn < 0 {
		add("points_per_check_in", "must not be negative")
	}
	if ch.MinDurationMinutes < 0 || ch.MinDurationMinutes > workout.MaxDuration {
		add("min_duration_minutes", "must be between 0 (the default of %d) and %d", DefaultMinDurationMinutes, workout.MaxDuration)
	}
	if ch.MinCheckIns < 0 {
		add("min_checkins", "must not be negative")
	}
	if ch.Points < 0 {
		add("points", "must not be negative")
	}
}

// checkChallengeText returns what is wrong with a text field, or "" when it
// is valid. PostgreSQL rejects invalid UTF-8 and NUL characters in text.
func checkChallengeText(value string, maxLength int, required bool) string {
	switch {
	case !utf8.ValidString(value):
		return "is not valid UTF-8"
	case strings.ContainsRune(value, 0):
		return "contains a NUL character"
	case required && strings.TrimSpace(value) == "":
		return "is required"
	case utf8.RuneCountInString(value) > maxLength:
		return fmt.Sprintf("is longer than %d characters", maxLength)
	}
	return ""
}
