package workout

import "context"

// Stage is one step that runs after a workout is recorded, such as the
// ranking or the dashboard update. Each stage runs on its own: its failures,
// retries and slowness never affect recording or the other stages.
//
// Process must be safe to run more than once for the same job and must bring
// its results to what the stored workouts imply (a pure recompute), because a
// job may run again after a crash, a lost lease or a retry. A returned error
// or a panic counts as a failed attempt.
type Stage interface {
	Process(ctx context.Context, job Job) error
}

// StageFunc adapts a function to the Stage interface.
type StageFunc func(ctx context.Context, job Job) error

// Process calls f.
func (f StageFunc) Process(ctx context.Context, job Job) error { return f(ctx, job) }

// Names of the built-in stages. The queue row's processed_for_ranking and
// processed_for_dashboard flags follow the jobs of these stages.
const (
	StageRanking   = "ranking"
	StageDashboard = "dashboard"
)
