package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// progressColumns selects a progress row from challenge_progress AS p.
const progressColumns = `p.challenge_id, p.user_id,
	coalesce(p.points, 0) AS points,
	coalesce(p.check_ins_count, 0) AS check_ins_count,
	p.last_check_in,
	coalesce(p.consecutive_days, 0) AS consecutive_days,
	p.workouts_in_window,
	coalesce(p.completion_percentage, 0)::float8 AS completion_percentage,
	coalesce(p.completed, false) AS completed,
	coalesce(p.position, 0) AS position,
	coalesce(p.user_name, '') AS user_name,
	coalesce(p.user_photo_url, '') AS user_photo_url,
	p.last_updated`

// progressRow is a row selected with progressColumns.
type progressRow struct {
	ChallengeID          uuid.UUID  `db:"challenge_id"`
	UserID               uuid.UUID  `db:"user_id"`
	Points               int        `db:"points"`
	CheckIns             int        `db:"check_ins_count"`
	LastCheckIn          *time.Time `db:"last_check_in"`
	ConsecutiveDays      int        `db:"consecutive_days"`
	WorkoutsInWindow     int        `db:"workouts_in_window"`
	CompletionPercentage float64    `db:"completion_percentage"`
	Completed            bool       `db:"completed"`
	Position             int        `db:"position"`
	UserName             string     `db:"user_name"`
	UserPhotoURL         string     `db:"user_photo_url"`
	UpdatedAt            *time.Time `db:"last_updated"`
}

func (r progressRow) progress() ranking.Progress {
	return ranking.Progress{
		ChallengeID:          r.ChallengeID,
		UserID:               r.UserID,
		Points:               r.Points,
		CheckIns:             r.CheckIns,
		LastCheckIn:          timePointer(r.LastCheckIn),
		ConsecutiveDays:      r.ConsecutiveDays,
		WorkoutsInWindow:     r.WorkoutsInWindow,
		CompletionPercentage: r.CompletionPercentage,
		Completed:            r.Completed,
		Position:             r.Position,
		UserName:             r.UserName,
		UserPhotoURL:         r.UserPhotoURL,
		UpdatedAt:            timeValue(r.UpdatedAt),
	}
}

// memberCondition is true for a participant row m of a member. A legacy
// row without a status is active.
const memberCondition = `coalesce(m.status, 'active') IN ('active', 'completed')`

// Ranking returns the progress rows of the challenge's members that have a
// position, ordered by position and then user id.
func (s *Store) Ranking(ctx context.Context, challengeID uuid.UUID) ([]ranking.Progress, error) {
	rows := []ranking.Progress{}
	err := s.run(ctx, func(q querier) error {
		result, _ := q.Query(ctx, `SELECT `+progressColumns+`
			  FROM challenge_progress AS p
			  JOIN challenge_participants AS m ON m.challenge_id = p.challenge_id AND m.user_id = p.user_id
			 WHERE p.challenge_id = $1 AND p.position > 0 AND `+memberCondition+`
			 ORDER BY p.position, p.user_id`, challengeID)
		collected, err := pgx.CollectRows(result, pgx.RowToStructByName[progressRow])
		for _, row := range collected {
			rows = append(rows, row.progress())
		}
		return err
	})
	if err != nil {
		return nil, wrap(err, "ranking of challenge %s", challengeID)
	}
	return rows, nil
}

// UserProgress returns the user's progress row in the challenge, or an
// error wrapping storage.ErrNotFound.
func (s *Store) UserProgress(ctx context.Context, challengeID, userID uuid.UUID) (ranking.Progress, error) {
	var row progressRow
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, `SELECT `+progressColumns+` FROM challenge_progress AS p
			WHERE p.challenge_id = $1 AND p.user_id = $2`, challengeID, userID)
		var err error
		row, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[progressRow])
		return err
	})
	if err != nil {
		return ranking.Progress{}, wrap(err, "progress of user %s in challenge %s", userID, challengeID)
	}
	return row.progress(), nil
}

// checkInColumns selects a check-in of challenge_check_ins ci joined with
// its challenge ch. A legacy row has no check_in_day, so its day is taken
// from check_in_date in the challenge's zone, and it may hold NULL where the
// library always writes a value.
const checkInColumns = `ci.id, ci.challenge_id, ci.user_id,
	coalesce(ci.check_in_day, (ci.check_in_date AT TIME ZONE coalesce(nullif(ch.time_zone, ''), '` + workout.DefaultTimeZone + `'))::date),
	ci.check_in_date, coalesce(ci.points, 0), ci.workout_id, coalesce(ci.workout_name, ''),
	coalesce(ci.workout_type, ''), coalesce(ci.duration_minutes, 0), coalesce(ci.user_name, ''),
	coalesce(ci.user_photo_url, '')`

// CheckIns returns the user's check-ins in the challenge, oldest first.
func (s *Store) CheckIns(ctx context.Context, challengeID, userID uuid.UUID) ([]ranking.CheckIn, error) {
	checkIns := []ranking.CheckIn{}
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, `SELECT `+checkInColumns+`
			FROM challenge_check_ins ci LEFT JOIN challenges ch ON ch.id = ci.challenge_id
			WHERE ci.challenge_id = $1 AND ci.user_id = $2
			ORDER BY ci.check_in_date, ci.check_in_day`, challengeID, userID)
		var c ranking.CheckIn
		var day *time.Time
		var workoutID uuid.NullUUID
		_, err := pgx.ForEachRow(rows, []any{&c.ID, &c.ChallengeID, &c.UserID, &day, &c.CheckInAt,
			&c.Points, &workoutID, &c.WorkoutName, &c.WorkoutType, &c.DurationMinutes, &c.UserName, &c.UserPhotoURL},
			func() error {
				c.CheckInAt = c.CheckInAt.UTC()
				c.WorkoutID = uuidValue(workoutID)
				c.Day = workout.LocalDate{}
				if day != nil {
					c.Day = workout.LocalDateOf(*day, time.UTC)
				}
				checkIns = append(checkIns, c)
				return nil
			})
		return err
	})
	if err != nil {
		return nil, wrap(err, "check-ins of user %s in challenge %s", userID, challengeID)
	}
	return checkIns, nil
}
