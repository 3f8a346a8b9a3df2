package recovery

import (
	"context"
	"time"

	"github.com/rayclub/workoutflow/workout"
)

// Task returns a maintenance task that runs Repair with opts. When lookback
// is positive, each run sets opts.Since to lookback before the clock's now,
// so that a periodic sweep looks only at recent workouts.
func (r *Recoverer) Task(opts Options, lookback time.Duration) workout.MaintenanceTask {
	return workout.MaintenanceTask{
		Name: "recovery",
		Run: func(ctx context.Context) error {
			run := opts
			if lookback > 0 {
				run.Since = r.clock.Now().Add(-lookback)
			}
			_, err := r.Repair(ctx, run)
			return err
		},
	}
}
