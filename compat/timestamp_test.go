package compat

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseTimestampLayouts(t *testing.T) {
	t.Parallel()
	want := time.Date(2026, 6, 2, 20, 0, 0, 0, time.UTC)
	tests := map[string]time.Time{
		"2026-06-02T20:00:00.000Z":      want,
		"2026-06-02T20:00:00Z":          want,
		"2026-06-02T17:00:00-03:00":     want,
		"2026-06-02T20:00:00.000":       want,
		"2026-06-02 20:00:00+00":        want,
		"2026-06-02 20:00:00+00:00":     want,
		"2026-06-02 20:00:00":           want,
		" 2026-06-02T20:00:00.000000Z ": want,
		"2026-06-02T20:00:00+0000":      want,
		"2026-06-02T17:00:00-0300":      want,
		"2026-06-02T17:00:00.5-0300":    want.Add(500 * time.Millisecond),
		"2026-06-02T17:00:00-03":        want,
		"2026-06-02T20:00Z":             want,
		"2026-06-02T17:00-03:00":        want,
		"2026-06-02T17:00-0300":         want,
		"2026-06-02T20:00":              want,
		"2026-06-02 20:00":              want,
		"2026-06-02 17:00-03":           want,
		"2026-06-02 17:00:00-0300":      want,
		"2026-06-02 20:00:00Z":          want,
		"2026-06-03 01:30:00+05:30":     want,
		"2026-06-02":                    time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC),
	}
	for value, expected := range tests {
		got, err := parseTimestamp(value)
		require.NoError(t, err, value)
		require.True(t, expected.Equal(got), "%q: got %s", value, got)
	}

	for _, bad := range []string{"", "ontem", "2026-13-01T00:00:00Z", "02/06/2026 20:00", "2026-06-02T20"} {
		_, err := parseTimestamp(bad)
		require.Error(t, err, bad)
	}
}

func TestLegacyWallClock(t *testing.T) {
	t.Parallel()
	saoPaulo, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)

	tests := []struct {
		sent string
		want time.Time
	}{
		// 20:00 local labelled as UTC is 23:00 UTC.
		{"2026-06-02T20:00:00.000Z", time.Date(2026, 6, 2, 23, 0, 0, 0, time.UTC)},
		// 22:30 local stays on its local day, though it is 01:30 UTC next day.
		{"2026-06-02T22:30:00.000Z", time.Date(2026, 6, 3, 1, 30, 0, 0, time.UTC)},
		// Only the UTC clock fields count, whatever the offset sent.
		{"2026-06-02T17:00:00-03:00", time.Date(2026, 6, 2, 23, 0, 0, 0, time.UTC)},
		// Sao Paulo kept daylight saving time (UTC-2) in December 2018.
		{"2018-12-01T20:00:00Z", time.Date(2018, 12, 1, 22, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		sent, err := parseTimestamp(tt.sent)
		require.NoError(t, err)
		got := legacyWallClock(sent, saoPaulo)
		require.True(t, tt.want.Equal(got), "%s: got %s", tt.sent, got.UTC())
	}
}
