package dashboard

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// Dashboard is a user's totals, stored as a row of user_progress.
//
// Month figures and the current streak depend on the day they were computed
// for (ComputedFor, in TimeZone). A reader must not show them on a later day
// without recomputing; Service.Dashboard does that.
type Dashboard struct {
	UserID uuid.UUID `json:"user_id"`
	// TimeZone is the IANA zone of the user's days.
	TimeZone string `json:"time_zone"`
	// ComputedFor is the local day the figures refer to.
	ComputedFor workout.LocalDate `json:"computed_for"`
	// TotalWorkouts and TotalMinutes count every stored workout.
	TotalWorkouts int `json:"workouts"`
	TotalMinutes  int `json:"total_duration"`
	// MinutesThisMonth and DaysTrainedThisMonth cover the local calendar
	// month of ComputedFor; days are distinct local days with a workout.
	MinutesThisMonth     int `json:"minutes_this_month"`
	DaysTrainedThisMonth int `json:"days_trained_this_month"`
	// WorkoutsByType counts workouts per workout type.
	WorkoutsByType map[string]int `json:"workouts_by_type"`
	// CurrentStreak is the number of consecutive local days with a workout
	// that ends on ComputedFor or the day before, else 0.
	CurrentStreak int `json:"current_streak"`
	// LongestStreak is the longest run of consecutive local days with a
	// workout.
	LongestStreak int `json:"longest_streak"`
	// TotalPoints and TotalCheckIns add up the user's check-ins in every
	// challenge. Workouts that earned no check-in add no points.
	TotalPoints   int `json:"points"`
	TotalCheckIns int `json:"total_check_ins"`
	// ChallengesCompleted counts the challenges whose progress is completed.
	ChallengesCompleted int `json:"challenges_completed"`
	// Level is 1 plus one level per 100 points.
	Level int `json:"level"`
	// LastWorkoutAt is the instant of the latest workout, nil when none.
	LastWorkoutAt *time.Time `json:"last_workout_at"`
	UpdatedAt     time.Time  `json:"last_updated"`
}

// Membership is a challenge with the user's participant row in it.
type Membership struct {
	Challenge   ranking.Challenge
	Participant ranking.Participant
}

// Store is the storage the dashboard stage and Service need. The storage
// adapters implement it. Lookups of missing rows return an error wrapping
// storage.ErrNotFound.
type Store interface {
	// Profile returns the user's profile.
	Profile(ctx context.Context, userID uuid.UUID) (workout.Profile, error)
	// UserWorkouts returns every stored workout of the user, in any order.
	UserWorkouts(ctx context.Context, userID uuid.UUID) ([]workout.Workout, error)
	// UserMemberships returns every challenge the user has a participant row
	// in, whatever its status.
	UserMemberships(ctx context.Context, userID uuid.UUID) ([]Membership, error)
	// SaveDashboard creates or replaces the user's dashboard row.
	SaveDashboard(ctx context.Context, d Dashboard) error
	// Dashboard returns the user's stored dashboard.
	Dashboard(ctx context.Context, userID uuid.UUID) (Dashboard, error)
}
