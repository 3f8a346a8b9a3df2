package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// UserWorkouts returns every stored workout of the user, in no particular
// order.
func (s *Store) UserWorkouts(ctx context.Context, userID uuid.UUID) ([]workout.Workout, error) {
	found, err := s.selectWorkouts(ctx, `SELECT `+workoutColumns+` FROM workout_records WHERE user_id = $1`, userID)
	if err != nil {
		return nil, wrap(err, "workouts of user %s", userID)
	}
	return found, nil
}

// membershipRow is a challenge joined with the user's participant row.
type membershipRow struct {
	challengeRow
	ParticipantStatus string     `db:"participant_status"`
	JoinedAt          *time.Time `db:"joined_at"`
}

// UserMemberships returns every challenge in which the user has a
// participant row, whatever its status. A participant row whose challenge
// is missing is left out.
func (s *Store) UserMemberships(ctx context.Context, userID uuid.UUID) ([]dashboard.Membership, error) {
	memberships := []dashboard.Membership{}
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, `
			SELECT `+challengeColumns+`, coalesce(m.status, 'active') AS participant_status, m.joined_at
			  FROM challenge_participants AS m
			  JOIN challenges AS c ON c.id = m.challenge_id
			 WHERE m.user_id = $1`, userID)
		collected, err := pgx.CollectRows(rows, pgx.RowToStructByName[membershipRow])
		for _, row := range collected {
			memberships = append(memberships, dashboard.Membership{
				Challenge: row.challenge(),
				Participant: ranking.Participant{
					ChallengeID: row.ID,
					UserID:      userID,
					Status:      ranking.ParticipantStatus(row.ParticipantStatus),
					JoinedAt:    timeValue(row.JoinedAt),
				},
			})
		}
		return err
	})
	if err != nil {
		return nil, wrap(err, "memberships of user %s", userID)
	}
	return memberships, nil
}

// saveDashboardSQL creates or replaces a user's row of user_progress. The
// legacy workouts_completed column gets the total too, because every
// stored workout counts as completed.
const saveDashboardSQL = `
INSERT INTO user_progress AS d (
	user_id, time_zone, computed_for, workouts, workouts_completed, total_duration,
	minutes_this_month, days_trained_this_month, workouts_by_type, current_streak,
	longest_streak, points, total_check_ins, challenges_completed, level,
	last_workout_at, last_updated)
VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
ON CONFLICT (user_id) DO UPDATE SET
	time_zone = excluded.time_zone,
	computed_for = excluded.computed_for,
	workouts = excluded.workouts,
	workouts_completed = excluded.workouts_completed,
	total_duration = excluded.total_duration,
	minutes_this_month = excluded.minutes_this_month,
	days_trained_this_month = excluded.days_trained_this_month,
	workouts_by_type = excluded.workouts_by_type,
	current_streak = excluded.current_streak,
	longest_streak = excluded.longest_streak,
	points = excluded.points,
	total_check_ins = excluded.total_check_ins,
	challenges_completed = excluded.challenges_completed,
	level = excluded.level,
	last_workout_at = excluded.last_workout_at,
	last_updated = excluded.last_updated`

// SaveDashboard creates or replaces the user's dashboard row.
func (s *Store) SaveDashboard(ctx context.Context, d dashboard.Dashboard) error {
	var computedFor any
	if !d.ComputedFor.IsZero() {
		computedFor = d.ComputedFor.Start(time.UTC)
	}
	var byType any
	if d.WorkoutsByType != nil {
		byType = d.WorkoutsByType
	}

	err := s.run(ctx, func(q querier) error {
		_, err := q.Exec(ctx, saveDashboardSQL, d.UserID, nullString(d.TimeZone), computedFor,
			d.TotalWorkouts, d.TotalMinutes, d.MinutesThisMonth, d.DaysTrainedThisMonth, byType,
			d.CurrentStreak, d.LongestStreak, d.TotalPoints, d.TotalCheckIns, d.ChallengesCompleted,
			d.Level, d.LastWorkoutAt, nullTime(d.UpdatedAt))
		return err
	})
	return wrap(err, "save dashboard of user %s", d.UserID)
}

// dashboardSQL selects a user's row of user_progress. Legacy rows may hold
// NULL where the library always writes a value.
const dashboardSQL = `
SELECT coalesce(time_zone, ''), computed_for, coalesce(workouts, 0), coalesce(total_duration, 0),
       minutes_this_month, coalesce(days_trained_this_month, 0), workouts_by_type,
       coalesce(current_streak, 0), coalesce(longest_streak, 0), coalesce(points, 0),
       coalesce(total_check_ins, 0), coalesce(challenges_completed, 0), coalesce(level, 0),
       last_workout_at, last_updated
  FROM user_progress
 WHERE user_id = $1`

// Dashboard returns the user's stored dashboard, or an error wrapping
// storage.ErrNotFound.
func (s *Store) Dashboard(ctx context.Context, userID uuid.UUID) (dashboard.Dashboard, error) {
	d := dashboard.Dashboard{UserID: userID}
	err := s.run(ctx, func(q querier) error {
		var computedFor, lastWorkoutAt, updatedAt *time.Time
		err := q.QueryRow(ctx, dashboardSQL, userID).Scan(&d.TimeZone, &computedFor, &d.TotalWorkouts,
			&d.TotalMinutes, &d.MinutesThisMonth, &d.DaysTrainedThisMonth, &d.WorkoutsByType,
			&d.CurrentStreak, &d.LongestStreak, &d.TotalPoints, &d.TotalCheckIns, &d.ChallengesCompleted,
			&d.Level, &lastWorkoutAt, &updatedAt)
		if computedFor != nil {
			d.ComputedFor = workout.LocalDateOf(*computedFor, time.UTC)
		}
		d.LastWorkoutAt = timePointer(lastWorkoutAt)
		d.UpdatedAt = timeValue(updatedAt)
		return err
	})
	if err != nil {
		return dashboard.Dashboard{}, wrap(err, "dashboard of user %s", userID)
	}
	return d, nil
}
