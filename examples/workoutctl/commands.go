package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// defaultSince is how far back diagnose and recover look by default. It is
// shorter than the default retention age, because a workout whose queue
// row retention deleted looks unqueued to recovery.
const defaultSince = 7 * 24 * time.Hour

func runMigrate(ctx context.Context, e *env, args []string) error {
	if _, err := parseCommandFlags(flag.NewFlagSet("migrate", flag.ContinueOnError), args, e.stderr); err != nil {
		return err
	}
	store, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	e.progress("applying migrations to schema %s", store.Schema())
	if err := store.Migrate(ctx); err != nil {
		return err
	}
	e.progress("migrations applied")
	return nil
}

// recoveryFlags are the flags of diagnose and recover.
type recoveryFlags struct {
	since  time.Duration
	checks string
}

func (f *recoveryFlags) define(flags *flag.FlagSet) {
	flags.DurationVar(&f.since, "since", defaultSince, "look only at workouts created within this duration; 0 means every workout")
	flags.StringVar(&f.checks, "checks", "", "comma-separated checks to make: queue, jobs, ranking, dashboards; empty means all")
}

// options returns the recovery options of the flags at now.
func (f *recoveryFlags) options(now time.Time) (recovery.Options, error) {
	var opts recovery.Options
	if f.since < 0 {
		return opts, usagef("invalid -since %s: must not be negative", f.since)
	}
	if f.since > 0 {
		opts.Since = now.Add(-f.since)
	}
	names := map[string]recovery.Check{"queue": recovery.CheckQueue, "jobs": recovery.CheckJobs,
		"ranking": recovery.CheckRanking, "dashboards": recovery.CheckDashboards}
	for _, name := range strings.Split(f.checks, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		check, ok := names[name]
		if !ok {
			return opts, usagef("invalid -checks entry %q: expected queue, jobs, ranking or dashboards", name)
		}
		opts.Checks |= check
	}
	return opts, nil
}

func runDiagnose(ctx context.Context, e *env, args []string) error {
	var rf recoveryFlags
	flags := flag.NewFlagSet("diagnose", flag.ContinueOnError)
	rf.define(flags)
	if _, err := parseCommandFlags(flags, args, e.stderr); err != nil {
		return err
	}
	report, err := e.recover(ctx, rf, false, recovery.Options{})
	if err != nil {
		return err
	}
	if !report.Clean() {
		return fmt.Errorf("%w: %d findings", errProblems, len(report.Findings))
	}
	return nil
}

func runRecover(ctx context.Context, e *env, args []string) error {
	var rf recoveryFlags
	var extra recovery.Options
	flags := flag.NewFlagSet("recover", flag.ContinueOnError)
	rf.define(flags)
	flags.BoolVar(&extra.DryRun, "dry-run", false, "report what would be repaired without writing anything")
	flags.BoolVar(&extra.RetryDead, "retry-dead", false, "send every dead job found back to the queue")
	if _, err := parseCommandFlags(flags, args, e.stderr); err != nil {
		return err
	}
	_, err := e.recover(ctx, rf, true, extra)
	return err
}

// recover runs Diagnose, or Repair when repair is set, prints the report
// and returns it.
func (e *env) recover(ctx context.Context, rf recoveryFlags, repair bool, extra recovery.Options) (*recovery.Report, error) {
	opts, err := rf.options(e.now().Now())
	if err != nil {
		return nil, err
	}
	opts.DryRun, opts.RetryDead = extra.DryRun, extra.RetryDead
	flow, err := e.openFlow(ctx)
	if err != nil {
		return nil, err
	}
	recoverer, err := recovery.NewRecoverer(recovery.Config{
		Store: e.store, Pipeline: flow.Pipeline, Clock: e.now(), Logger: e.logger, Tracker: e.tracker,
	})
	if err != nil {
		return nil, err
	}

	run, verb := recoverer.Diagnose, "diagnosing"
	if repair {
		run, verb = recoverer.Repair, "repairing"
	}
	if opts.DryRun {
		verb += " (dry run, nothing is written)"
	}
	e.progress("%s workouts created since %s", verb, sinceText(opts.Since))
	started := time.Now()
	report, runErr := run(ctx, opts)
	if report != nil {
		e.progress("%d findings in %s", len(report.Findings), time.Since(started).Round(time.Millisecond))
		if err := e.printJSON(report); err != nil {
			return report, err
		}
	}
	return report, runErr
}

func sinceText(since time.Time) string {
	if since.IsZero() {
		return "the beginning"
	}
	return since.Format(time.RFC3339)
}

func runRetry(ctx context.Context, e *env, args []string) error {
	rest, err := parseCommandFlags(flag.NewFlagSet("retry", flag.ContinueOnError), args, e.stderr)
	if err != nil {
		return err
	}
	id, err := parseWorkoutID("retry", rest)
	if err != nil {
		return err
	}
	flow, err := e.openFlow(ctx)
	if err != nil {
		return err
	}

	requeued, err := flow.Pipeline.Retry(ctx, id)
	if err != nil {
		return err
	}
	if requeued == 0 {
		// Nothing to requeue is fine for a known workout, but an unknown
		// id must not look like a success.
		if _, err := flow.Pipeline.Status(ctx, id); err != nil {
			return err
		}
	}
	e.progress("workout %s: %d jobs sent back to the queue", id, requeued)
	return e.printJSON(map[string]any{"workout_id": id, "requeued": requeued})
}

func runStats(ctx context.Context, e *env, args []string) error {
	var window time.Duration
	flags := flag.NewFlagSet("stats", flag.ContinueOnError)
	flags.DurationVar(&window, "window", time.Hour, "span of time, ending now, that the attempt figures cover")
	if _, err := parseCommandFlags(flags, args, e.stderr); err != nil {
		return err
	}
	if window <= 0 {
		return usagef("invalid -window %s: must be positive", window)
	}
	store, err := e.openStore(ctx)
	if err != nil {
		return err
	}

	now := e.now().Now()
	stats, err := store.Stats(ctx, window, now)
	if err != nil {
		return err
	}
	if stats == nil {
		stats = []tracking.StageStats{}
	}
	// The example server's GET /v1/stats returns the same document.
	return e.printJSON(statsOutput{Window: window.String(), Now: now, Stages: stats})
}

// statsOutput is the output of stats. Stage times are in milliseconds, as
// tracking.StageStats encodes them.
type statsOutput struct {
	Window string                `json:"window"`
	Now    time.Time             `json:"now"`
	Stages []tracking.StageStats `json:"stages"`
}

// explanation is the output of explain.
type explanation struct {
	Explanation ranking.Explanation `json:"explanation"`
	// Status is nil when the workout has no queue row.
	Status *workout.Status  `json:"status"`
	Events []tracking.Event `json:"events"`
}

func runExplain(ctx context.Context, e *env, args []string) error {
	rest, err := parseCommandFlags(flag.NewFlagSet("explain", flag.ContinueOnError), args, e.stderr)
	if err != nil {
		return err
	}
	id, err := parseWorkoutID("explain", rest)
	if err != nil {
		return err
	}
	store, err := e.openStore(ctx)
	if err != nil {
		return err
	}

	explained, err := ranking.ExplainStored(ctx, store, id, e.now().Now())
	if err != nil {
		return err
	}
	out := explanation{Explanation: explained}
	status, err := store.Status(ctx, id)
	switch {
	case err == nil:
		out.Status = &status
	case !errors.Is(err, storage.ErrNotFound):
		return err
	}
	if out.Events, err = store.Events(ctx, id); err != nil {
		return err
	}
	return e.printJSON(out)
}
