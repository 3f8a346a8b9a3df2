package recovery

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// Pipeline is the part of a workout.Pipeline that a Recoverer uses.
// *workout.Pipeline implements it.
type Pipeline interface {
	// Stages returns the names of the registered stages.
	Stages() []string
	// Retry sends the failed and dead jobs of a workout back to the queue
	// and returns how many it requeued.
	Retry(ctx context.Context, workoutID uuid.UUID) (int, error)
}

// Config configures a Recoverer.
type Config struct {
	// Store is read to find problems and written to repair them. Required.
	Store Store
	// Pipeline gives the stage names to queue and sends dead jobs back.
	// Required.
	Pipeline Pipeline
	// Clock gives the time that decides "today" in recomputes, which
	// leases have expired and the times of repairs. Nil means
	// workout.SystemClock{}.
	Clock workout.Clock
	// Logger receives every repair action and a summary of each run. Nil
	// means slog.Default().
	Logger *slog.Logger
	// Tracker receives one tracking.ActionRecovery event per repair action.
	// Nil means tracking.Discard.
	Tracker tracking.Tracker
	// RetryDeadPolicy decides, for each dead job found by a Repair run
	// without Options.RetryDead, whether to send it back to the queue. Nil
	// means never: dead jobs then wait for an operator.
	RetryDeadPolicy func(job workout.Job) bool
}

// Recoverer finds workouts, jobs and stored results that the pipeline left
// wrong, such as rows written by other writers, crashed workers, dead jobs
// and drifted rankings or dashboards, and repairs them with the same code
// the stages run. It is safe for concurrent use, but two runs that repair
// the same rows at once do the same work twice.
type Recoverer struct {
	store     Store
	pipeline  Pipeline
	clock     workout.Clock
	logger    *slog.Logger
	tracker   tracking.Tracker
	retryDead func(job workout.Job) bool
}

// NewRecoverer returns a Recoverer, or an error naming the missing field of
// cfg.
func NewRecoverer(cfg Config) (*Recoverer, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("new recoverer: Config.Store is required")
	case cfg.Pipeline == nil:
		return nil, errors.New("new recoverer: Config.Pipeline is required")
	}

	r := &Recoverer{
		store:     cfg.Store,
		pipeline:  cfg.Pipeline,
		clock:     cfg.Clock,
		logger:    cfg.Logger,
		tracker:   cfg.Tracker,
		retryDead: cfg.RetryDeadPolicy,
	}
	if r.clock == nil {
		r.clock = workout.SystemClock{}
	}
	if r.logger == nil {
		r.logger = slog.Default()
	}
	r.logger = r.logger.With("component", "workoutflow/recovery")
	if r.tracker == nil {
		r.tracker = tracking.Discard
	}
	return r, nil
}

// Check selects the checks of a run. Combine them with |.
type Check uint

// The checks a run can make.
const (
	// CheckQueue finds workouts missing from the processing queue.
	CheckQueue Check = 1 << iota
	// CheckJobs finds jobs with an expired lease, failed jobs and dead jobs.
	CheckJobs
	// CheckRanking compares the stored check-ins, progress rows and workout
	// points with a recompute.
	CheckRanking
	// CheckDashboards compares the stored dashboards with a recompute.
	CheckDashboards

	// CheckAll makes every check.
	CheckAll = CheckQueue | CheckJobs | CheckRanking | CheckDashboards
)

// Options configure one Diagnose or Repair run.
type Options struct {
	// Since limits the run to workouts created at or after it: the queue
	// and job checks look only at those workouts, and the drift checks only
	// at the users who own one. Zero means every workout.
	//
	// NOTE: with Since set, a check-in left by a workout deleted before
	// Since is found only if its user has a newer workout, because the
	// store cannot date what was deleted.
	Since time.Time `json:"since"`
	// DryRun makes Repair report what it would do without writing
	// anything, not even tracking events. Diagnose never writes, so JSON
	// leaves dry_run out when it is false.
	DryRun bool `json:"dry_run,omitempty"`
	// RetryDead makes Repair send every dead job it finds back to the
	// queue, whatever Config.RetryDeadPolicy decides.
	RetryDead bool `json:"retry_dead"`
	// Checks selects the checks to make; zero means CheckAll.
	Checks Check `json:"checks"`
}

func (o Options) withDefaults() Options {
	if o.Checks == 0 {
		o.Checks = CheckAll
	}
	return o
}
