package workout

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/rayclub/workoutflow/storage"
)

// batch is the claimed jobs of one worker that are not finished yet. The
// heartbeat extends their leases, and a job whose lease is lost is skipped
// if it has not started, or canceled if it is running.
type batch struct {
	// mu guards the fields below it.
	mu         sync.Mutex
	unfinished map[jobKey]Job
	lost       map[jobKey]bool
	running    jobKey
	cancel     context.CancelFunc
}

// jobKey identifies a job: one stage of one workout.
type jobKey struct {
	workout string
	stage   string
}

func keyOf(job Job) jobKey { return jobKey{workout: job.WorkoutID.String(), stage: job.Stage} }

func newBatch(jobs []Job) *batch {
	b := &batch{unfinished: make(map[jobKey]Job, len(jobs)), lost: map[jobKey]bool{}}
	for _, job := range jobs {
		b.unfinished[keyOf(job)] = job
	}
	return b
}

// start marks job as running with cancel as the way to stop it, and reports
// false when the job's lease was already lost, so it must not run.
func (b *batch) start(job Job, cancel context.CancelFunc) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	key := keyOf(job)
	if b.lost[key] {
		delete(b.unfinished, key)
		return false
	}
	b.running, b.cancel = key, cancel
	return true
}

// finish removes job from the jobs whose leases the heartbeat extends.
func (b *batch) finish(job Job) {
	b.mu.Lock()
	defer b.mu.Unlock()
	key := keyOf(job)
	delete(b.unfinished, key)
	if b.running == key {
		b.running, b.cancel = jobKey{}, nil
	}
}

func (b *batch) snapshot() []Job {
	b.mu.Lock()
	defer b.mu.Unlock()
	jobs := make([]Job, 0, len(b.unfinished))
	for _, job := range b.unfinished {
		jobs = append(jobs, job)
	}
	return jobs
}

// markLost records that job's lease is lost and cancels the job when it is
// running.
func (b *batch) markLost(job Job) {
	b.mu.Lock()
	defer b.mu.Unlock()
	key := keyOf(job)
	b.lost[key] = true
	if b.running == key && b.cancel != nil {
		b.cancel()
	}
}

// heartbeat extends the leases of the batch's unfinished jobs every third of
// the lease until ctx ends. When the store reports a lease lost, it finds
// which jobs lost theirs, one job at a time, and marks only those.
func (p *Pipeline) heartbeat(ctx context.Context, b *batch) {
	ticker := time.NewTicker(p.cfg.Lease / 3)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}

		jobs := b.snapshot()
		if len(jobs) == 0 {
			continue
		}
		until := p.cfg.Clock.Now().Add(p.cfg.Lease)
		err := p.cfg.Store.ExtendLeases(ctx, jobs, until)
		switch {
		case errors.Is(err, storage.ErrLeaseLost):
			p.findLostLeases(ctx, b, jobs, until)
		case err != nil && ctx.Err() == nil:
			p.logger.Error("workoutflow: extend leases failed", "jobs", len(jobs), "err", err)
		}
	}
}

func (p *Pipeline) findLostLeases(ctx context.Context, b *batch, jobs []Job, until time.Time) {
	for _, job := range jobs {
		err := p.cfg.Store.ExtendLeases(ctx, []Job{job}, until)
		if !errors.Is(err, storage.ErrLeaseLost) {
			continue
		}
		p.logger.Warn("workoutflow: lease lost, the job is left to its new owner",
			"stage", job.Stage, "workout_id", job.WorkoutID, "token", job.Token)
		b.markLost(job)
	}
}
