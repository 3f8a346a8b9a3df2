package main

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The statements of the legacy recording call, which did everything in the
// request's transaction.
const (
	monolithWorkoutSQL = `
INSERT INTO workout_records (id, user_id, workout_name, workout_type, date, duration_minutes,
                             challenge_id, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`

	// The check-in counts when the workout lasts at least the challenge's
	// minimum and the user has none that day.
	monolithCheckInSQL = `
INSERT INTO challenge_check_ins (challenge_id, user_id, check_in_date, check_in_day, points, workout_id,
                                 workout_name, workout_type, duration_minutes)
SELECT c.id, $2, $3, ($3 AT TIME ZONE c.time_zone)::date, c.points_per_check_in, $4, $5, $6, $7
  FROM challenges AS c
 WHERE c.id = $1 AND $7 >= c.min_duration_minutes
ON CONFLICT (challenge_id, user_id, check_in_day) DO NOTHING
RETURNING points`

	monolithProgressSQL = `
UPDATE challenge_progress
   SET points = points + $3, check_ins_count = check_ins_count + $4, total_check_ins = total_check_ins + $4,
       last_check_in = CASE WHEN $4 > 0 THEN greatest(last_check_in, $5) ELSE last_check_in END,
       workouts_in_window = workouts_in_window + 1, last_updated = $6
 WHERE challenge_id = $1 AND user_id = $2`

	// The monolith is given the benefit of writing only the positions
	// that change, as the library's refresh does.
	monolithPositionsSQL = `
UPDATE challenge_progress AS p
   SET position = r.position, last_updated = $2
  FROM (SELECT user_id, rank() OVER (ORDER BY points DESC, workouts_in_window DESC,
                                     last_check_in ASC NULLS LAST)::int AS position
          FROM challenge_progress WHERE challenge_id = $1) AS r
 WHERE p.challenge_id = $1 AND p.user_id = r.user_id AND p.position IS DISTINCT FROM r.position`

	monolithDashboardSQL = `
INSERT INTO user_progress (user_id, points, workouts, workouts_completed, total_check_ins, total_duration,
                           last_workout_at, last_updated)
VALUES ($1, $2, 1, 1, $3, $4, $5, $6)
ON CONFLICT (user_id) DO UPDATE
   SET points = user_progress.points + $2, workouts = user_progress.workouts + 1,
       workouts_completed = user_progress.workouts_completed + 1,
       total_check_ins = user_progress.total_check_ins + $3,
       total_duration = user_progress.total_duration + $4,
       last_workout_at = greatest(user_progress.last_workout_at, $5), last_updated = $6`
)

// monolithCall records a workout the legacy way: workout, check-in,
// progress, the challenge's positions and the dashboard in one
// transaction, so the caller waits for all of it.
func monolithCall(pool *pgxpool.Pool) call {
	return func(ctx context.Context, src *workoutSource) error {
		now := nowUTC()
		w := src.next(now)
		id := uuid.Must(uuid.NewV7())
		return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, monolithWorkoutSQL, id, w.UserID, w.Name, w.Type, w.Date, w.DurationMinutes,
				nullChallenge(w), now)
			if err != nil {
				return err
			}

			points, checkIns := 0, 0
			if w.HasChallenge() {
				err := tx.QueryRow(ctx, monolithCheckInSQL, w.ChallengeID, w.UserID, w.Date, id, w.Name, w.Type,
					w.DurationMinutes).Scan(&points)
				switch {
				case err == nil:
					checkIns = 1
				case err != pgx.ErrNoRows:
					return err
				}
				if err := rankInTx(ctx, tx, w.ChallengeID, w.UserID, points, checkIns, w.Date, now); err != nil {
					return err
				}
			}

			_, err = tx.Exec(ctx, monolithDashboardSQL, w.UserID, points, checkIns, w.DurationMinutes, w.Date, now)
			return err
		})
	}
}

func rankInTx(ctx context.Context, tx pgx.Tx, challengeID, userID uuid.UUID, points, checkIns int, date, now time.Time) error {
	if _, err := tx.Exec(ctx, monolithProgressSQL, challengeID, userID, points, checkIns, date, now); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, monolithPositionsSQL, challengeID, now)
	return err
}
