package compat

import (
	"fmt"
	"strings"
	"time"
)

// timestampLayouts are the forms of a timestamptz value the legacy calls
// accept: ISO 8601 as the app sends it (with or without a zone), the text
// form PostgreSQL prints, and a bare date. A value without a zone is UTC, as
// PostgREST reads it with the session zone UTC.
var timestampLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z07",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z07",
	time.DateOnly,
}

// parseTimestamp parses a timestamptz parameter into an instant.
func parseTimestamp(value string) (time.Time, error) {
	value = strings.TrimSpace(value)
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, value); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("parse timestamp %q: unknown format", value)
}

// legacyWallClock reads the UTC clock fields of t as a wall-clock time in
// loc. The shipped app sends the local time of a check-in labelled as UTC
// (a workout at 20:00 in Sao Paulo arrives as 20:00Z), so the real instant
// is 20:00 in Sao Paulo. Taking the UTC fields, whatever offset the value
// carried, gives the same result as a SQL function whose parameter is a
// timestamptz, because PostgreSQL keeps only the instant.
func legacyWallClock(t time.Time, loc *time.Location) time.Time {
	utc := t.UTC()
	return time.Date(utc.Year(), utc.Month(), utc.Day(), utc.Hour(), utc.Minute(), utc.Second(), utc.Nanosecond(), loc)
}
