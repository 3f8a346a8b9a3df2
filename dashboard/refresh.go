package dashboard

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// refresher recomputes a user's dashboard from the stored rows and saves it.
// The Stage and the Service share it.
type refresher struct {
	store  Store
	logger *slog.Logger
}

// refresh loads the user's profile, workouts and memberships, computes the
// dashboard as of now and saves it. It replaces the stored row as a whole,
// so running it twice gives the same row as running it once.
//
// NOTE: two refreshes of the same user that overlap can save in the
// opposite order of their reads, leaving the older figures stored until the
// next refresh, because Store.SaveDashboard replaces the row unconditionally.
// The pipeline runs one dashboard job per user at a time when its store is a
// workout.Locker, but a Service refresh can still overlap a job.
func (r refresher) refresh(ctx context.Context, userID uuid.UUID, now time.Time) (Dashboard, error) {
	profile, err := r.profile(ctx, userID)
	if err != nil {
		return Dashboard{}, err
	}

	workouts, err := r.store.UserWorkouts(ctx, userID)
	if err != nil {
		return Dashboard{}, fmt.Errorf("load workouts of user %s: %w", userID, err)
	}
	memberships, err := r.store.UserMemberships(ctx, userID)
	if err != nil {
		return Dashboard{}, fmt.Errorf("load memberships of user %s: %w", userID, err)
	}

	d, err := Compute(userID, profile, workouts, memberships, now)
	if err != nil {
		return Dashboard{}, err
	}
	if err := r.store.SaveDashboard(ctx, d); err != nil {
		return Dashboard{}, fmt.Errorf("save dashboard of user %s: %w", userID, err)
	}
	return d, nil
}

// profile returns the user's profile, or the default profile when the user
// has no profile row, because a missing profile must not block the
// dashboard.
func (r refresher) profile(ctx context.Context, userID uuid.UUID) (workout.Profile, error) {
	profile, err := r.store.Profile(ctx, userID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		r.logger.DebugContext(ctx, "dashboard: user has no profile row, using the default profile",
			slog.String("user_id", userID.String()))
		return workout.DefaultProfile(userID), nil
	case err != nil:
		return workout.Profile{}, fmt.Errorf("load profile of user %s: %w", userID, err)
	default:
		return profile, nil
	}
}
