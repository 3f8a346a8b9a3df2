package memstore

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// UserWorkouts returns every stored workout of the user, in no particular
// order.
func (s *Store) UserWorkouts(ctx context.Context, userID uuid.UUID) ([]workout.Workout, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	found := []workout.Workout{}
	for _, w := range s.workouts {
		if w.UserID == userID {
			found = append(found, cloneWorkout(w))
		}
	}
	return found, nil
}

// UserMemberships returns every challenge in which the user has a participant
// row, whatever its status. A participant row whose challenge is missing is
// left out.
func (s *Store) UserMemberships(ctx context.Context, userID uuid.UUID) ([]dashboard.Membership, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	found := []dashboard.Membership{}
	for key, p := range s.participants {
		c, ok := s.challenges[key.challengeID]
		if key.userID == userID && ok {
			found = append(found, dashboard.Membership{Challenge: c, Participant: p})
		}
	}
	return found, nil
}

// SaveDashboard creates or replaces the user's dashboard row.
func (s *Store) SaveDashboard(ctx context.Context, d dashboard.Dashboard) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.dashboards[d.UserID] = storedDashboard(d)
	return nil
}

// Dashboard returns the user's stored dashboard, or an error wrapping
// storage.ErrNotFound.
func (s *Store) Dashboard(ctx context.Context, userID uuid.UUID) (dashboard.Dashboard, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	d, ok := s.dashboards[userID]
	if !ok {
		return dashboard.Dashboard{}, fmt.Errorf("dashboard of user %s: %w", userID, storage.ErrNotFound)
	}
	return cloneDashboard(d), nil
}
