package recoverytest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var leadTests = []testCase{
	{"TryLeadElectsOneOwner", func(t *testing.T, h Harness) {
		const ttl = 30 * time.Second
		steps := []struct {
			name, owner string
			after       time.Duration
			leads       bool
		}{
			{"maintenance", "a", 0, true},
			{"maintenance", "b", 0, false},
			{"maintenance", "a", 10 * time.Second, true},
			{"maintenance", "b", 39 * time.Second, false},
			{"maintenance", "b", 40 * time.Second, true},
			{"maintenance", "a", 40 * time.Second, false},
			{"other", "a", 40 * time.Second, true},
		}
		for i, step := range steps {
			led, err := h.Store.TryLead(t.Context(), step.name, step.owner, baseTime.Add(step.after), ttl)
			require.NoError(t, err, "step %d", i)
			require.Equal(t, step.leads, led, "step %d: %s leads %s at +%s", i, step.owner, step.name, step.after)
		}
	}},
}
