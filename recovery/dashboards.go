package recovery

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/go-multierror"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// checkDashboards compares every stored dashboard with dashboard.Compute
// and, when the run may write, saves the recompute of each one that
// drifted.
func (r *Recoverer) checkDashboards(ctx context.Context, p *pass) error {
	users, err := r.store.DashboardUsers(ctx, p.opts.Since)
	if err != nil {
		return fmt.Errorf("list dashboards since %s: %w", p.opts.Since, err)
	}

	var errs *multierror.Error
	for _, userID := range users {
		if err := ctx.Err(); err != nil {
			return multierror.Append(errs, err)
		}
		finding, err := r.checkDashboard(ctx, p, userID)
		if err != nil {
			errs = multierror.Append(errs, err)
		}
		if finding != nil {
			p.add(*finding)
		}
	}
	return errs.ErrorOrNil()
}

// checkDashboard returns the user's drift finding, nil when the stored
// dashboard matches, repairing it when the run may write. A repairing run
// holds the user's dashboard lock from the reads to the save.
func (r *Recoverer) checkDashboard(ctx context.Context, p *pass, userID uuid.UUID) (*Finding, error) {
	if p.fix {
		unlock, err := r.lockUser(ctx, workout.StageDashboard, userID)
		if err != nil {
			return nil, fmt.Errorf("check dashboard of user %s: %w", userID, err)
		}
		defer unlock()
	}

	stored, err := r.store.Dashboard(ctx, userID)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("check dashboard of user %s: %w", userID, err)
	}
	expected, err := r.computeDashboard(ctx, userID, p.now)
	if err != nil {
		return nil, fmt.Errorf("check dashboard of user %s: %w", userID, err)
	}

	diffs := dashboardDiffs(stored, expected)
	if len(diffs) == 0 {
		return nil, nil
	}
	finding := Finding{Kind: KindDashboardDrift, UserID: userID, Detail: strings.Join(diffs, ", "), Action: ActionRecomputeDashboard}
	if !p.fix {
		return &finding, nil
	}

	started := time.Now()
	err = r.store.SaveDashboard(ctx, expected)
	if err != nil {
		err = fmt.Errorf("save dashboard of user %s: %w", userID, err)
	}
	findings := []Finding{finding}
	markRepaired(findings, err)
	r.record(ctx, repairAction{
		name: ActionRecomputeDashboard, userID: userID, findings: findings,
		response: map[string]any{"points": expected.TotalPoints, "workouts": expected.TotalWorkouts},
	}, started, err)
	return &findings[0], err
}

// computeDashboard loads the user's rows and computes the dashboard the way
// the dashboard stage does.
func (r *Recoverer) computeDashboard(ctx context.Context, userID uuid.UUID, now time.Time) (dashboard.Dashboard, error) {
	profile, err := r.store.Profile(ctx, userID)
	if errors.Is(err, storage.ErrNotFound) {
		profile, err = workout.DefaultProfile(userID), nil
	}
	if err != nil {
		return dashboard.Dashboard{}, err
	}

	workouts, err := r.store.UserWorkouts(ctx, userID)
	if err != nil {
		return dashboard.Dashboard{}, err
	}
	memberships, err := r.store.UserMemberships(ctx, userID)
	if err != nil {
		return dashboard.Dashboard{}, err
	}
	return dashboard.Compute(userID, profile, workouts, memberships, now)
}

// dashboardDiffs lists the figures of got that differ from want. A row
// computed for an earlier day or in another zone is compared only on the
// figures that do not depend on the day. Its month figures and streaks were
// right for its day, and the read path recomputes such a row before
// showing it.
func dashboardDiffs(got, want dashboard.Dashboard) []string {
	var diffs differences
	diffValue(&diffs, "workouts", got.TotalWorkouts, want.TotalWorkouts)
	diffValue(&diffs, "total_duration", got.TotalMinutes, want.TotalMinutes)
	if !maps.Equal(got.WorkoutsByType, want.WorkoutsByType) {
		diffs.add("workouts_by_type", got.WorkoutsByType, want.WorkoutsByType)
	}
	diffValue(&diffs, "points", got.TotalPoints, want.TotalPoints)
	diffValue(&diffs, "total_check_ins", got.TotalCheckIns, want.TotalCheckIns)
	diffValue(&diffs, "challenges_completed", got.ChallengesCompleted, want.ChallengesCompleted)
	diffValue(&diffs, "level", got.Level, want.Level)
	diffTime(&diffs, "last_workout_at", got.LastWorkoutAt, want.LastWorkoutAt)

	if got.ComputedFor != want.ComputedFor || got.TimeZone != want.TimeZone {
		return diffs
	}
	diffValue(&diffs, "minutes_this_month", got.MinutesThisMonth, want.MinutesThisMonth)
	diffValue(&diffs, "days_trained_this_month", got.DaysTrainedThisMonth, want.DaysTrainedThisMonth)
	diffValue(&diffs, "current_streak", got.CurrentStreak, want.CurrentStreak)
	diffValue(&diffs, "longest_streak", got.LongestStreak, want.LongestStreak)
	return diffs
}
