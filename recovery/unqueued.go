package recovery

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
)

// checkQueue finds the workouts missing from the queue and, when the run
// may write, queues their missing stages in one store call.
func (r *Recoverer) checkQueue(ctx context.Context, p *pass) error {
	workouts, err := r.store.UnqueuedWorkouts(ctx, p.opts.Since, p.stages)
	if err != nil {
		return fmt.Errorf("find unqueued workouts since %s: %w", p.opts.Since, err)
	}

	findings := make([]Finding, len(workouts))
	ids := make([]uuid.UUID, len(workouts))
	for i, w := range workouts {
		ids[i] = w.ID
		findings[i] = Finding{
			Kind:        KindUnqueued,
			WorkoutID:   w.ID,
			UserID:      w.UserID,
			ChallengeID: w.ChallengeID,
			Detail:      fmt.Sprintf("workout created at %s lacks its queue row or a job of stages %v", w.CreatedAt.Format(time.RFC3339), p.stages),
			Action:      ActionQueueStages,
		}
	}
	if !p.fix || len(workouts) == 0 {
		p.add(findings...)
		return nil
	}

	err = r.queueWorkouts(ctx, p, findings, ids)
	p.add(findings...)
	return err
}

// queueWorkouts queues the stages of the unqueued workouts and marks and
// tracks each finding.
func (r *Recoverer) queueWorkouts(ctx context.Context, p *pass, findings []Finding, ids []uuid.UUID) error {
	started := time.Now()
	queued, err := r.store.QueueWorkouts(ctx, ids, p.stages, p.now)
	if err != nil {
		err = fmt.Errorf("queue stages of %d workouts: %w", len(ids), err)
		markRepaired(findings, err)
		return err
	}

	for i := range findings {
		f := &findings[i]
		if !slices.Contains(queued, f.WorkoutID) {
			// Another writer queued or deleted the workout since the scan.
			f.Detail += "; already queued or deleted when the repair ran"
			continue
		}
		f.Repaired = true
		r.record(ctx, repairAction{
			name: ActionQueueStages, workoutID: f.WorkoutID, userID: f.UserID, challengeID: f.ChallengeID,
			findings: []Finding{*f}, response: map[string]any{"stages": p.stages},
		}, started, nil)
	}
	return nil
}
