package ranking

import (
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
)

// Defaults of a Challenge's rule fields, used when the field is zero.
const (
	DefaultPointsPerCheckIn   = 10
	DefaultMinDurationMinutes = 45
)

// Challenge is a row of challenges with the rule fields the ranking needs.
type Challenge struct {
	ID          uuid.UUID `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	// StartDate and EndDate bound the challenge's window. Both are taken as
	// local calendar days in TimeZone, and both days are inside the window.
	StartDate time.Time `json:"start_date"`
	EndDate   time.Time `json:"end_date"`
	// TimeZone is the IANA zone of the challenge's days; empty means
	// workout.DefaultTimeZone.
	TimeZone string `json:"time_zone"`
	// PointsPerCheckIn is the value of one check-in; zero means
	// DefaultPointsPerCheckIn.
	PointsPerCheckIn int `json:"points_per_check_in"`
	// MinDurationMinutes is the shortest workout that earns a check-in;
	// zero means DefaultMinDurationMinutes.
	MinDurationMinutes int `json:"min_duration_minutes"`
	// MinCheckIns is the number of check-ins that completes the challenge
	// (requirements.min_checkins); zero means every day of the window.
	MinCheckIns int `json:"min_checkins"`
	// Points is the legacy template value of challenges.points. It is not
	// the per-check-in value.
	Points    int       `json:"points"`
	Active    bool      `json:"active"`
	CreatorID uuid.UUID `json:"creator_id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ParticipantStatus is the status of a user in a challenge.
type ParticipantStatus string

// Participant statuses. Active and completed participants are members: their
// qualifying workouts earn check-ins and they have a position. Dropped
// participants earn nothing and leave the ranking.
const (
	StatusActive    ParticipantStatus = "active"
	StatusCompleted ParticipantStatus = "completed"
	StatusDropped   ParticipantStatus = "dropped"
)

// Participant is a row of challenge_participants.
type Participant struct {
	ChallengeID uuid.UUID         `json:"challenge_id"`
	UserID      uuid.UUID         `json:"user_id"`
	Status      ParticipantStatus `json:"status"`
	JoinedAt    time.Time         `json:"joined_at"`
}

// IsMember reports whether the participant takes part in the ranking.
func (p Participant) IsMember() bool {
	return p.Status == StatusActive || p.Status == StatusCompleted
}

// CheckIn is a row of challenge_check_ins: the one check-in of a user in a
// challenge on one local day.
type CheckIn struct {
	// ID is derived from the challenge, the user and the day (see
	// CheckInID), so recomputing a check-in keeps its id.
	ID          uuid.UUID `json:"id"`
	ChallengeID uuid.UUID `json:"challenge_id"`
	UserID      uuid.UUID `json:"user_id"`
	// Day is the local day of the check-in in the challenge's zone.
	Day workout.LocalDate `json:"day"`
	// CheckInAt is the instant of the qualifying workout (check_in_date).
	CheckInAt       time.Time `json:"check_in_date"`
	Points          int       `json:"points"`
	WorkoutID       uuid.UUID `json:"workout_id"`
	WorkoutName     string    `json:"workout_name"`
	WorkoutType     string    `json:"workout_type"`
	DurationMinutes int       `json:"duration_minutes"`
	UserName        string    `json:"user_name"`
	UserPhotoURL    string    `json:"user_photo_url"`
}

// Progress is a row of challenge_progress: a user's standing in a challenge.
type Progress struct {
	ChallengeID uuid.UUID `json:"challenge_id"`
	UserID      uuid.UUID `json:"user_id"`
	// Points is the sum of the user's check-in points.
	Points int `json:"points"`
	// CheckIns is the number of check-in days; it is stored in both
	// check_ins_count and total_check_ins.
	CheckIns int `json:"check_ins_count"`
	// LastCheckIn is the instant of the latest check-in, nil when none.
	LastCheckIn *time.Time `json:"last_check_in"`
	// ConsecutiveDays is the length of the run of consecutive check-in days
	// that ends on the latest check-in day.
	ConsecutiveDays int `json:"consecutive_days"`
	// WorkoutsInWindow counts the user's workouts recorded for the
	// challenge whose local day is inside the window, short ones and second
	// ones of a day included. It is the second ranking key.
	WorkoutsInWindow int `json:"workouts_in_window"`
	// CompletionPercentage is min(100, check-ins * 100 / window days),
	// rounded to two decimals.
	CompletionPercentage float64 `json:"completion_percentage"`
	// Completed is set when CheckIns reaches the challenge's MinCheckIns.
	Completed bool `json:"completed"`
	// Position is the competition rank among members (1, 2, 2, 4); 0 when
	// the user is not ranked (dropped, or not computed yet).
	Position     int       `json:"position"`
	UserName     string    `json:"user_name"`
	UserPhotoURL string    `json:"user_photo_url"`
	UpdatedAt    time.Time `json:"last_updated"`
}

// UserResult is everything the ranking derives for one user in one
// challenge, written by Store.SaveUserResult in one transaction.
type UserResult struct {
	ChallengeID uuid.UUID
	UserID      uuid.UUID
	// Member is false when the user is not a member of the challenge; the
	// store then removes the user's check-ins and keeps the progress row
	// with Position 0 if one exists.
	Member   bool
	CheckIns []CheckIn
	Progress Progress
	// WorkoutPoints gives the points each of the user's workouts in the
	// challenge earned; the store writes them to workout_records.points.
	WorkoutPoints map[uuid.UUID]int
}
