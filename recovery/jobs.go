package recovery

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/go-multierror"
	"github.com/rayclub/workoutflow/workout"
)

// checkJobs finds jobs with an expired lease, failed jobs and dead jobs,
// and sends back the dead jobs that may be retried.
func (r *Recoverer) checkJobs(ctx context.Context, p *pass) error {
	jobs, err := r.store.UnhealthyJobs(ctx, p.opts.Since, p.now)
	if err != nil {
		return fmt.Errorf("find unhealthy jobs since %s: %w", p.opts.Since, err)
	}

	findings := make([]Finding, 0, len(jobs))
	for _, job := range jobs {
		findings = append(findings, r.jobFinding(p, job))
	}
	if p.fix {
		err = r.retryDeadJobs(ctx, findings)
	}
	p.add(findings...)
	return err
}

// jobFinding classifies an unhealthy job. A job is in exactly one state, so
// it becomes exactly one finding.
func (r *Recoverer) jobFinding(p *pass, job workout.Job) Finding {
	f := Finding{WorkoutID: job.WorkoutID, Stage: job.Stage, UserID: job.UserID, Action: ActionNone}
	if len(job.ChallengeIDs) > 0 {
		f.ChallengeID = job.ChallengeIDs[0]
	}

	switch job.State {
	case workout.JobDead:
		f.Kind = KindDead
		f.Detail = fmt.Sprintf("dead after attempt %d: %s", job.Attempt, job.LastError)
		if p.opts.RetryDead || (r.retryDead != nil && r.retryDead(job)) {
			f.Action = ActionRetryJobs
		}
	case workout.JobRunning:
		f.Kind = KindExpiredLease
		f.Detail = fmt.Sprintf("lease of %q ended at %s; the next claim takes the job over",
			job.Owner, job.LeaseExpiresAt.Format(time.RFC3339))
	default:
		f.Kind = KindFailed
		f.Detail = fmt.Sprintf("attempt %d failed: %s; next attempt at %s",
			job.Attempt, job.LastError, job.RunAt.Format(time.RFC3339))
	}
	return f
}

// retryDeadJobs sends back, once per workout, the dead jobs whose action is
// ActionRetryJobs. Retrying a workout also requeues its failed jobs, due at
// once.
func (r *Recoverer) retryDeadJobs(ctx context.Context, findings []Finding) error {
	byWorkout := make(map[uuid.UUID][]int)
	var order []uuid.UUID
	for i, f := range findings {
		if f.Action != ActionRetryJobs {
			continue
		}
		if _, seen := byWorkout[f.WorkoutID]; !seen {
			order = append(order, f.WorkoutID)
		}
		byWorkout[f.WorkoutID] = append(byWorkout[f.WorkoutID], i)
	}

	var errs *multierror.Error
	for _, workoutID := range order {
		if err := r.retryWorkoutJobs(ctx, findings, byWorkout[workoutID]); err != nil {
			errs = multierror.Append(errs, err)
		}
	}
	return errs.ErrorOrNil()
}

// retryWorkoutJobs retries the jobs of one workout and marks the findings
// at the given indexes.
func (r *Recoverer) retryWorkoutJobs(ctx context.Context, findings []Finding, indexes []int) error {
	started := time.Now()
	first := findings[indexes[0]]
	requeued, err := r.pipeline.Retry(ctx, first.WorkoutID)
	if err != nil {
		err = fmt.Errorf("retry dead jobs of workout %s: %w", first.WorkoutID, err)
	}

	repaired := make([]Finding, 0, len(indexes))
	for _, i := range indexes {
		if err == nil && requeued == 0 {
			// Another process sent the jobs back since the scan.
			findings[i].Detail += "; already sent back when the repair ran"
			continue
		}
		markRepaired(findings[i:i+1], err)
		repaired = append(repaired, findings[i])
	}
	if len(repaired) == 0 {
		return nil
	}
	r.record(ctx, repairAction{
		name: ActionRetryJobs, workoutID: first.WorkoutID, userID: first.UserID, challengeID: first.ChallengeID,
		findings: repaired, response: map[string]any{"requeued": requeued},
	}, started, err)
	return err
}
