package workout

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLocalDateOfSaoPaulo(t *testing.T) {
	t.Parallel()
	loc, err := LoadZone("")
	require.NoError(t, err)

	cases := []struct {
		instant string
		want    string
	}{
		{"2026-06-03T01:30:00Z", "2026-06-02"}, // 22:30 local on 2 June
		{"2026-06-03T03:00:00Z", "2026-06-03"}, // local midnight
		{"2026-06-03T02:59:59Z", "2026-06-02"},
		{"2018-01-15T01:30:00Z", "2018-01-14"}, // daylight saving, UTC-2: 23:30 local
		{"2018-01-15T02:30:00Z", "2018-01-15"}, // daylight saving: 00:30 local
	}
	for _, tc := range cases {
		instant, err := time.Parse(time.RFC3339, tc.instant)
		require.NoError(t, err)
		require.Equal(t, tc.want, LocalDateOf(instant, loc).String(), tc.instant)
	}
}

func TestLocalDateArithmetic(t *testing.T) {
	t.Parallel()
	d, err := ParseLocalDate("2026-02-28")
	require.NoError(t, err)

	require.Equal(t, "2026-03-01", d.AddDays(1).String())
	require.Equal(t, "2026-02-27", d.AddDays(-1).String())
	require.Equal(t, 21, d.AddDays(21).DaysSince(d))
	require.True(t, d.Before(d.AddDays(1)))
	require.True(t, d.AddDays(1).After(d))
	require.False(t, d.After(d))

	text, err := d.MarshalText()
	require.NoError(t, err)
	var back LocalDate
	require.NoError(t, back.UnmarshalText(text))
	require.Equal(t, d, back)
}

func TestLoadZoneRejectsUnknown(t *testing.T) {
	t.Parallel()
	_, err := LoadZone("Mars/Olympus")
	require.ErrorContains(t, err, `"Mars/Olympus"`)
}
