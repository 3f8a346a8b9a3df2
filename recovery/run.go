package recovery

import (
	"context"
	"slices"
	"time"

	"github.com/hashicorp/go-multierror"
)

// Diagnose makes the checks of opts and reports what it finds, with the
// repair each finding would get. It writes nothing; opts.DryRun makes no
// difference to it.
//
// Results of work still in the queue can show as drift until the work
// runs, because the stored rows have not caught up with the workouts yet.
func (r *Recoverer) Diagnose(ctx context.Context, opts Options) (*Report, error) {
	return r.run(ctx, opts, false)
}

// Repair makes the checks of opts and repairs what it finds, in this
// order:
//
//   - Workouts missing from the queue get their missing stages queued.
//   - Dead jobs are sent back to the queue when opts.RetryDead or the
//     Config.RetryDeadPolicy allows it. Failed jobs and jobs with an
//     expired lease are left to the queue, which runs them again on its
//     own.
//   - Drifted check-ins, progress rows and workout points of a user in a
//     challenge are recomputed with ranking.Evaluate and saved as the
//     ranking stage saves them. Then the positions of every challenge
//     touched are refreshed.
//   - Drifted dashboards are recomputed with dashboard.Compute and saved.
//
// Each repair is logged and tracked as a tracking.ActionRecovery event.
// With opts.DryRun it writes nothing and only reports. A failed repair is
// recorded in its finding and the run goes on; the returned error joins
// every failure, and the report is returned with it.
func (r *Recoverer) Repair(ctx context.Context, opts Options) (*Report, error) {
	return r.run(ctx, opts, true)
}

// pass is the state of one run.
type pass struct {
	opts Options
	// fix is set when the run may write: a Repair that is not a dry run.
	fix bool
	now time.Time
	// stages are the pipeline's stage names.
	stages   []string
	findings []Finding
}

func (p *pass) add(findings ...Finding) { p.findings = append(p.findings, findings...) }

// checkStep is one check of a run.
type checkStep struct {
	check Check
	run   func(ctx context.Context, p *pass) error
}

func (r *Recoverer) run(ctx context.Context, opts Options, repair bool) (*Report, error) {
	opts = opts.withDefaults()
	p := &pass{opts: opts, fix: repair && !opts.DryRun, now: r.clock.Now(), stages: r.pipeline.Stages()}
	report := &Report{Options: opts, Repair: repair, StartedAt: p.now}

	steps := []checkStep{
		{CheckQueue, r.checkQueue},
		{CheckJobs, r.checkJobs},
		{CheckRanking, r.checkRanking},
		{CheckDashboards, r.checkDashboards},
	}
	var errs *multierror.Error
	for _, step := range steps {
		if opts.Checks&step.check == 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			errs = multierror.Append(errs, err)
			break
		}
		if err := step.run(ctx, p); err != nil {
			errs = multierror.Append(errs, err)
		}
	}

	report.Findings = sortFindings(p.findings)
	report.FinishedAt = r.clock.Now()
	r.logSummary(ctx, report)
	return report, errs.ErrorOrNil()
}

// sortFindings orders findings by kind in the order of Kinds, keeping the
// order of each check within a kind. It returns an empty slice, not nil,
// when there is no finding, so that a report encodes "findings": [].
func sortFindings(findings []Finding) []Finding {
	sorted := append(make([]Finding, 0, len(findings)), findings...)
	slices.SortStableFunc(sorted, func(a, b Finding) int {
		return slices.Index(Kinds, a.Kind) - slices.Index(Kinds, b.Kind)
	})
	return sorted
}

func (r *Recoverer) logSummary(ctx context.Context, report *Report) {
	attrs := []any{
		"repair", report.Repair, "dry_run", report.Options.DryRun,
		"since", report.Options.Since, "findings", len(report.Findings),
	}
	for _, kind := range Kinds {
		if count := report.Count(kind); count > 0 {
			attrs = append(attrs, string(kind), count, string(kind)+"_repaired", report.RepairedCount(kind))
		}
	}
	r.logger.InfoContext(ctx, "recovery: run finished", attrs...)
}
