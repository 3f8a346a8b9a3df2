package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// saveChallengeSQL creates or replaces a challenge. MinCheckIns lives in
// requirements.min_checkins; the other keys of requirements are kept.
const saveChallengeSQL = `
INSERT INTO challenges AS c (
	id, title, description, start_date, end_date, time_zone, points_per_check_in,
	min_duration_minutes, requirements, points, active, creator_id, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
	CASE WHEN $9::int > 0 THEN jsonb_build_object('min_checkins', $9::int) ELSE '{}'::jsonb END,
	$10, $11, $12, $13, $14)
ON CONFLICT (id) DO UPDATE SET
	title = excluded.title,
	description = excluded.description,
	start_date = excluded.start_date,
	end_date = excluded.end_date,
	time_zone = excluded.time_zone,
	points_per_check_in = excluded.points_per_check_in,
	min_duration_minutes = excluded.min_duration_minutes,
	requirements = (coalesce(c.requirements, '{}'::jsonb) - 'min_checkins') || excluded.requirements,
	points = excluded.points,
	active = excluded.active,
	creator_id = excluded.creator_id,
	created_at = excluded.created_at,
	updated_at = excluded.updated_at`

// SaveChallenge creates or replaces a challenge.
func (s *Store) SaveChallenge(ctx context.Context, c ranking.Challenge) error {
	err := s.run(ctx, func(q querier) error {
		_, err := q.Exec(ctx, saveChallengeSQL, c.ID, c.Title, c.Description, nullTime(c.StartDate), nullTime(c.EndDate),
			c.TimeZone, c.PointsPerCheckIn, c.MinDurationMinutes, c.MinCheckIns, c.Points, c.Active,
			nullUUID(c.CreatorID), nullTime(c.CreatedAt), nullTime(c.UpdatedAt))
		return err
	})
	return wrap(err, "save challenge %s", c.ID)
}

// challengeColumns selects a challenge from challenges AS c. A legacy
// min_checkins may be a JSON number or a string of digits.
const challengeColumns = `c.id, coalesce(c.title, '') AS title, coalesce(c.description, '') AS description,
	c.start_date, c.end_date, coalesce(c.time_zone, '') AS time_zone,
	coalesce(c.points_per_check_in, 0) AS points_per_check_in,
	coalesce(c.min_duration_minutes, 0) AS min_duration_minutes,
	CASE
		WHEN jsonb_typeof(c.requirements -> 'min_checkins') = 'number'
			THEN (c.requirements ->> 'min_checkins')::numeric::int
		WHEN c.requirements ->> 'min_checkins' ~ '^[0-9]{1,9}$'
			THEN (c.requirements ->> 'min_checkins')::int
		ELSE 0
	END AS min_checkins,
	coalesce(c.points, 0) AS points, coalesce(c.active, false) AS active, c.creator_id,
	c.created_at, c.updated_at`

// challengeRow is a row selected with challengeColumns.
type challengeRow struct {
	ID                 uuid.UUID     `db:"id"`
	Title              string        `db:"title"`
	Description        string        `db:"description"`
	StartDate          *time.Time    `db:"start_date"`
	EndDate            *time.Time    `db:"end_date"`
	TimeZone           string        `db:"time_zone"`
	PointsPerCheckIn   int           `db:"points_per_check_in"`
	MinDurationMinutes int           `db:"min_duration_minutes"`
	MinCheckIns        int           `db:"min_checkins"`
	Points             int           `db:"points"`
	Active             bool          `db:"active"`
	CreatorID          uuid.NullUUID `db:"creator_id"`
	CreatedAt          *time.Time    `db:"created_at"`
	UpdatedAt          *time.Time    `db:"updated_at"`
}

func (r challengeRow) challenge() ranking.Challenge {
	return ranking.Challenge{
		ID:                 r.ID,
		Title:              r.Title,
		Description:        r.Description,
		StartDate:          timeValue(r.StartDate),
		EndDate:            timeValue(r.EndDate),
		TimeZone:           r.TimeZone,
		PointsPerCheckIn:   r.PointsPerCheckIn,
		MinDurationMinutes: r.MinDurationMinutes,
		MinCheckIns:        r.MinCheckIns,
		Points:             r.Points,
		Active:             r.Active,
		CreatorID:          uuidValue(r.CreatorID),
		CreatedAt:          timeValue(r.CreatedAt),
		UpdatedAt:          timeValue(r.UpdatedAt),
	}
}

// Challenge returns the challenge with the given id, or an error wrapping
// storage.ErrNotFound.
func (s *Store) Challenge(ctx context.Context, id uuid.UUID) (ranking.Challenge, error) {
	var row challengeRow
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, `SELECT `+challengeColumns+` FROM challenges AS c WHERE c.id = $1`, id)
		var err error
		row, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[challengeRow])
		return err
	})
	if err != nil {
		return ranking.Challenge{}, wrap(err, "challenge %s", id)
	}
	return row.challenge(), nil
}

// SaveParticipant creates or replaces the user's participant row in the
// challenge.
func (s *Store) SaveParticipant(ctx context.Context, p ranking.Participant) error {
	err := s.run(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `
			INSERT INTO challenge_participants (challenge_id, user_id, status, joined_at)
			VALUES ($1, $2, $3, $4)
			ON CONFLICT (challenge_id, user_id) DO UPDATE SET
				status = excluded.status, joined_at = excluded.joined_at`,
			p.ChallengeID, p.UserID, string(p.Status), nullTime(p.JoinedAt))
		return err
	})
	return wrap(err, "save participant %s in challenge %s", p.UserID, p.ChallengeID)
}

// Participant returns the user's participant row in the challenge, or an
// error wrapping storage.ErrNotFound. A legacy row without a status is
// active.
func (s *Store) Participant(ctx context.Context, challengeID, userID uuid.UUID) (ranking.Participant, error) {
	p := ranking.Participant{ChallengeID: challengeID, UserID: userID}
	err := s.run(ctx, func(q querier) error {
		var status string
		var joinedAt *time.Time
		err := q.QueryRow(ctx, `
			SELECT coalesce(status, 'active'), joined_at FROM challenge_participants
			 WHERE challenge_id = $1 AND user_id = $2`, challengeID, userID).Scan(&status, &joinedAt)
		p.Status = ranking.ParticipantStatus(status)
		p.JoinedAt = timeValue(joinedAt)
		return err
	})
	if err != nil {
		return ranking.Participant{}, wrap(err, "participant %s in challenge %s", userID, challengeID)
	}
	return p, nil
}

// SaveProfile creates or replaces a profile. Only the columns of
// workout.Profile are written, so other columns of a legacy profile row
// keep their values.
func (s *Store) SaveProfile(ctx context.Context, p workout.Profile) error {
	err := s.run(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `
			INSERT INTO profiles (id, name, photo_url, time_zone) VALUES ($1, $2, $3, $4)
			ON CONFLICT (id) DO UPDATE SET
				name = excluded.name, photo_url = excluded.photo_url, time_zone = excluded.time_zone`,
			p.ID, p.Name, nullString(p.PhotoURL), nullString(p.TimeZone))
		return err
	})
	return wrap(err, "save profile %s", p.ID)
}

// Profile returns the user's profile, or an error wrapping
// storage.ErrNotFound.
func (s *Store) Profile(ctx context.Context, userID uuid.UUID) (workout.Profile, error) {
	p := workout.Profile{ID: userID}
	err := s.run(ctx, func(q querier) error {
		return q.QueryRow(ctx, `
			SELECT coalesce(name, ''), coalesce(photo_url, ''), coalesce(time_zone, '')
			  FROM profiles WHERE id = $1`, userID).Scan(&p.Name, &p.PhotoURL, &p.TimeZone)
	})
	if err != nil {
		return workout.Profile{}, wrap(err, "profile %s", userID)
	}
	return p, nil
}
