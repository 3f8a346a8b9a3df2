package workout

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/tracking"
)

// storeTimeout bounds the store writes that finish a job, which run on a
// context detached from the worker's so that a stop does not lose them.
const storeTimeout = 10 * time.Second

// work is one worker's loop: claim a batch, run it, and wait for a wake-up
// or the poll interval when the queue had less than a full batch.
func (p *Pipeline) work(ctx context.Context, owner string, wakeups <-chan struct{}) {
	timer := time.NewTimer(0)
	defer timer.Stop()

	for {
		n, err := p.runBatch(ctx, owner)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			p.logger.Error("workoutflow: claim jobs failed", "owner", owner, "err", err)
		}
		if err == nil && n >= p.cfg.ClaimBatch {
			continue
		}

		timer.Reset(p.cfg.PollInterval)
		select {
		case <-ctx.Done():
			return
		case <-wakeups:
		case <-timer.C:
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
	}
}

// runBatch claims up to ClaimBatch due jobs and runs them one after another
// while a heartbeat extends their leases. It returns how many it claimed.
func (p *Pipeline) runBatch(ctx context.Context, owner string) (int, error) {
	if len(p.names) == 0 {
		return 0, nil
	}
	jobs, err := p.cfg.Store.ClaimJobs(ctx, ClaimRequest{
		Owner:  owner,
		Stages: p.names,
		Limit:  p.cfg.ClaimBatch,
		Now:    p.cfg.Clock.Now(),
		Lease:  p.cfg.Lease,
	})
	if err != nil || len(jobs) == 0 {
		return 0, err
	}

	b := newBatch(jobs)
	beatCtx, stopBeat := context.WithCancel(ctx)
	go p.heartbeat(beatCtx, b)
	defer stopBeat()

	for _, job := range jobs {
		if ctx.Err() != nil {
			p.release(job, "worker stopped before the job ran")
			b.finish(job)
			continue
		}
		p.runJob(ctx, job, b)
		b.finish(job)
	}
	return len(jobs), nil
}

// runJob runs one claimed job of the batch and records the outcome.
func (p *Pipeline) runJob(ctx context.Context, job Job, b *batch) {
	sc := p.stages[job.Stage]
	if job.Attempt > sc.MaxAttempts {
		// The job's earlier runs crashed their workers before recording a
		// failure; running it again would only crash another one.
		p.finish(job, sc, time.Now(), fmt.Errorf("attempt %d exceeds the maximum of %d; earlier runs never finished", job.Attempt, sc.MaxAttempts))
		return
	}

	runCtx, cancel := context.WithTimeout(ctx, sc.Timeout)
	defer cancel()
	if !b.start(job, cancel) {
		p.logger.Warn("workoutflow: job skipped, its lease was lost before it ran",
			"stage", job.Stage, "workout_id", job.WorkoutID)
		return
	}

	p.trackJob(ctx, job, tracking.StatusStarted, 0, nil)
	started := time.Now()
	err := p.process(runCtx, sc.Stage, job)
	cancel()

	if err != nil && ctx.Err() != nil {
		// The pipeline is stopping, and the error may come from the stop
		// (a canceled query or lock wait) rather than from the stage.
		p.release(job, "worker stopped during the job: "+err.Error())
		return
	}
	p.finish(job, sc, started, err)
}

// finish completes or fails the job in the store and tracks the outcome.
func (p *Pipeline) finish(job Job, sc StageConfig, started time.Time, runErr error) {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	elapsed := time.Since(started)

	var skip *SkipError
	if runErr == nil || errors.As(runErr, &skip) {
		if err := p.cfg.Store.CompleteJob(ctx, job, p.cfg.Clock.Now()); err != nil {
			p.storeFailed(job, "complete", err)
			return
		}
		status := tracking.StatusSucceeded
		if skip != nil {
			status = tracking.StatusSkipped
		}
		p.trackJob(ctx, job, status, elapsed, runErr)
		return
	}

	dead := job.Attempt >= sc.MaxAttempts
	retryAt := p.cfg.Clock.Now().Add(sc.Retry.Delay(job.Attempt))
	failure := Failure{Message: runErr.Error(), RetryAt: retryAt, Dead: dead, Now: p.cfg.Clock.Now()}
	if err := p.cfg.Store.FailJob(ctx, job, failure); err != nil {
		p.storeFailed(job, "fail", err)
		return
	}

	if dead {
		p.logger.Error("workoutflow: job is dead after its last attempt", "stage", job.Stage,
			"workout_id", job.WorkoutID, "attempt", job.Attempt, "err", runErr)
		p.trackJob(ctx, job, tracking.StatusDead, elapsed, runErr)
		return
	}
	p.logger.Warn("workoutflow: job failed, will retry", "stage", job.Stage, "workout_id", job.WorkoutID,
		"attempt", job.Attempt, "retry_at", retryAt, "err", runErr)
	p.trackJob(ctx, job, tracking.StatusFailed, elapsed, runErr)
}

// release gives a job back to the queue, due now, because this worker is
// stopping. The attempt does not count, so repeated deploys cannot push a
// job past its maximum attempts without a real failure.
func (p *Pipeline) release(job Job, reason string) {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	now := p.cfg.Clock.Now()
	if err := p.cfg.Store.FailJob(ctx, job, Failure{Message: reason, RetryAt: now, Now: now, Released: true}); err != nil {
		p.storeFailed(job, "release", err)
	}
}

func (p *Pipeline) storeFailed(job Job, operation string, err error) {
	if errors.Is(err, storage.ErrLeaseLost) {
		// Another worker owns the job now, or the workout changed and the
		// job was queued again; its result is that worker's to record.
		p.logger.Warn("workoutflow: result dropped, lease lost", "operation", operation,
			"stage", job.Stage, "workout_id", job.WorkoutID, "token", job.Token)
		return
	}
	p.logger.Error("workoutflow: store update of a job failed; the lease will expire and the job run again",
		"operation", operation, "stage", job.Stage, "workout_id", job.WorkoutID, "err", err)
}

// process runs the stage under the user's lock for that stage when the
// store is a Locker.
func (p *Pipeline) process(ctx context.Context, stage Stage, job Job) error {
	locker, ok := p.cfg.Store.(Locker)
	if !ok {
		return safeProcess(ctx, stage, job)
	}
	unlock, err := locker.Lock(ctx, UserStageLockKey(job.Stage, job.UserID))
	if err != nil {
		return fmt.Errorf("lock user %s for stage %s: %w", job.UserID, job.Stage, err)
	}
	defer unlock()
	return safeProcess(ctx, stage, job)
}

// safeProcess runs the stage and turns a panic into a *PanicError.
func safeProcess(ctx context.Context, stage Stage, job Job) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return stage.Process(ctx, job)
}

func (p *Pipeline) trackJob(ctx context.Context, job Job, status string, elapsed time.Duration, err error) {
	request, _ := json.Marshal(map[string]any{
		"reason": job.Reason, "challenge_ids": job.ChallengeIDs, "token": job.Token, "attempt": job.Attempt,
	})
	event := tracking.Event{
		WorkoutID:   job.WorkoutID,
		UserID:      job.UserID,
		Action:      job.Stage,
		Status:      status,
		Attempt:     job.Attempt,
		RequestData: request,
		Duration:    elapsed,
		CreatedAt:   p.cfg.Clock.Now(),
	}
	if len(job.ChallengeIDs) > 0 {
		event.ChallengeID = job.ChallengeIDs[0]
	}

	var skip *SkipError
	var panicErr *PanicError
	switch {
	case err == nil:
	case errors.As(err, &skip):
		event.ResponseData, _ = json.Marshal(map[string]string{"skip_reason": skip.Reason})
	case errors.As(err, &panicErr):
		event.ErrorMessage = err.Error()
		event.StackTrace = string(panicErr.Stack)
	default:
		event.ErrorMessage = err.Error()
		event.ErrorDetail = fmt.Sprintf("%T", err)
	}
	p.cfg.Tracker.Track(ctx, event)
}
