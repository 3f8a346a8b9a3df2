package compattest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestStateDates(t *testing.T) {
	t.Parallel()
	zone, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	s := &State{Now: time.Date(2026, 6, 2, 15, 0, 0, 0, time.UTC), Zone: zone, t: t}

	require.Equal(t, "2026-06-02T11:30:00.000Z", s.Quirk(30*time.Minute), "12:00 local minus 30 minutes, labelled UTC")
	require.Equal(t, "2026-05-31T22:30:00.000Z", s.QuirkOn(2, 22, 30))
	require.Equal(t, "2026-06-02T14:30:00.000Z", s.Instant(30*time.Minute))
}

func TestStateReplies(t *testing.T) {
	t.Parallel()
	s := &State{t: t, replies: []any{map[string]any{"workout_id": "abc"}}}
	require.Equal(t, "abc", s.String(0, "workout_id"))
	require.Equal(t, map[string]any{"workout_id": "abc"}, s.Reply(0))
}
