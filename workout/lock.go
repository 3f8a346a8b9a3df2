package workout

import (
	"context"

	"github.com/google/uuid"
)

// Locker is implemented by stores that can hold a named lock across every
// process sharing the store, such as the PostgreSQL adapter with advisory
// locks. When the pipeline's store is a Locker, jobs of one stage for one
// user run one at a time, so that two recomputes of the same user cannot
// save their results in the opposite order of their reads. Without it, such
// an overtaken result stays until the user's next job.
type Locker interface {
	// Lock blocks until it holds the lock named key or ctx ends. The
	// returned function releases the lock; it is safe to call once.
	Lock(ctx context.Context, key string) (unlock func(), err error)
}

// UserStageLockKey names the Locker lock the pipeline holds while a stage
// runs a job of the user. Code that recomputes a stage's results outside the
// pipeline, such as a repair, takes the same lock so that it cannot overtake
// a job.
func UserStageLockKey(stage string, userID uuid.UUID) string {
	return "workoutflow:stage:" + stage + ":user:" + userID.String()
}
