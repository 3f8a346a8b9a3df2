package pgstore

import (
	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// jobKey identifies a job.
type jobKey struct {
	WorkoutID uuid.UUID
	Stage     string
}

// String returns "<workout id>/<stage>".
func (k jobKey) String() string { return k.WorkoutID.String() + "/" + k.Stage }

// jobKeys holds the fencing fields of claimed jobs as parallel arrays, the
// form unnest takes.
type jobKeys struct {
	workoutIDs []uuid.UUID
	stages     []string
	owners     []string
	tokens     []int64
}

func newJobKeys(jobs []workout.Job) jobKeys {
	var keys jobKeys
	for _, job := range jobs {
		keys.workoutIDs = append(keys.workoutIDs, job.WorkoutID)
		keys.stages = append(keys.stages, job.Stage)
		keys.owners = append(keys.owners, job.Owner)
		keys.tokens = append(keys.tokens, job.Token)
	}
	return keys
}
