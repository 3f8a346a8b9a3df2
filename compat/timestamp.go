package compat

import (
	"fmt"
	"strings"
	"time"
)

// timestampLayouts are the forms of a timestamptz value the legacy calls
// accept, each of which PostgreSQL's timestamptz input reads as the same
// instant: a date, "T" or a space, the clock with or without seconds and
// fraction, and an offset written as "Z", "-03:00", "-0300", "-03" or left
// out, plus a bare date. A value without an offset is UTC, as PostgREST
// reads it with the session zone UTC.
var timestampLayouts = buildTimestampLayouts()

func buildTimestampLayouts() []string {
	var layouts []string
	for _, separator := range []string{"T", " "} {
		for _, clock := range []string{"15:04:05.999999999", "15:04"} {
			for _, offset := range []string{"Z07:00", "Z0700", "Z07", ""} {
				layouts = append(layouts, "2006-01-02"+separator+clock+offset)
			}
		}
	}
	return append(layouts, time.DateOnly)
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
