package recovery

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// lockUser takes the lock that the pipeline holds while the stage runs a
// job of the user, when the store is a workout.Locker. A repair and a job of
// the same user then cannot save their results in the opposite order of
// their reads. It returns a no-op unlock when the store has no locks.
func (r *Recoverer) lockUser(ctx context.Context, stage string, userID uuid.UUID) (func(), error) {
	locker, ok := r.store.(workout.Locker)
	if !ok {
		return func() {}, nil
	}

	unlock, err := locker.Lock(ctx, workout.UserStageLockKey(stage, userID))
	if err != nil {
		return nil, fmt.Errorf("lock user %s for stage %s: %w", userID, stage, err)
	}
	return unlock, nil
}
