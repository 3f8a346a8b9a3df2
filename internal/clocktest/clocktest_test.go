package clocktest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestManualMovesOnlyByHand(t *testing.T) {
	t.Parallel()
	start := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	c := New(start)
	require.Equal(t, start, c.Now())

	c.Advance(90 * time.Second)
	require.Equal(t, start.Add(90*time.Second), c.Now())

	c.Set(start)
	require.Equal(t, start, c.Now())
}
