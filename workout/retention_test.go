package workout_test

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/workout"
)

func TestRetentionPolicyWithDefaults(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		policy  workout.RetentionPolicy
		want    workout.RetentionPolicy
		wantErr string
	}{
		"zero takes defaults": {
			want: workout.RetentionPolicy{Age: workout.DefaultRetentionAge,
				FailureAge: workout.DefaultFailureRetentionAge, BatchSize: workout.DefaultRetentionBatchSize},
		},
		"set fields kept": {
			policy: workout.RetentionPolicy{Age: time.Hour, FailureAge: 2 * time.Hour, BatchSize: 5},
			want:   workout.RetentionPolicy{Age: time.Hour, FailureAge: 2 * time.Hour, BatchSize: 5},
		},
		"negative age":                 {policy: workout.RetentionPolicy{Age: -time.Hour}, wantErr: "must not be negative"},
		"failure age shorter than age": {policy: workout.RetentionPolicy{Age: 100 * 24 * time.Hour}, wantErr: "FailureAge"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.policy.WithDefaults()
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

// fixedRetainer records the arguments of PurgeExpired and returns counts.
type fixedRetainer struct {
	policy workout.RetentionPolicy
	now    time.Time
	purged workout.Purged
}

func (f *fixedRetainer) PurgeExpired(_ context.Context, policy workout.RetentionPolicy, now time.Time) (workout.Purged, error) {
	f.policy, f.now = policy, now
	return f.purged, nil
}

func TestRetentionTaskPurgesAtClockTime(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, time.January, 2, 3, 4, 5, 0, time.UTC)
	retainer := &fixedRetainer{purged: workout.Purged{QueueRows: 1, Jobs: 2, LogEvents: 3}}
	var logs bytes.Buffer
	policy := workout.RetentionPolicy{Age: time.Hour}

	task := workout.RetentionTask(retainer, policy, workout.ClockFunc(func() time.Time { return now }),
		slog.New(slog.NewTextHandler(&logs, nil)))
	require.Equal(t, "retention", task.Name)
	require.NoError(t, task.Run(t.Context()))

	require.Equal(t, policy, retainer.policy)
	require.Equal(t, now, retainer.now)
	require.Contains(t, logs.String(), "log_events=3")
	require.Equal(t, 6, retainer.purged.Total())
}
