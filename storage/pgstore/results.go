package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// Advisory lock namespaces, the first key of the two-key form of
// pg_advisory_xact_lock. 74310 is taken by the replay lock of
// workoutflow_insert_workout.
const (
	lockNamespacePositions = 74311
	lockNamespaceResults   = 74312
)

// insertCheckInsSQL inserts check-ins given as parallel arrays.
const insertCheckInsSQL = `
INSERT INTO challenge_check_ins (
	id, challenge_id, user_id, check_in_day, check_in_date, points, workout_id,
	workout_name, workout_type, duration_minutes, user_name, user_photo_url,
	created_at, updated_at)
SELECT c.id, $1, $2, c.day, c.at, c.points, c.workout_id, c.workout_name, c.workout_type,
       c.duration_minutes, c.user_name, c.user_photo_url, $3, $3
  FROM unnest($4::uuid[], $5::date[], $6::timestamptz[], $7::int[], $8::uuid[], $9::text[],
              $10::text[], $11::int[], $12::text[], $13::text[])
       AS c(id, day, at, points, workout_id, workout_name, workout_type, duration_minutes,
            user_name, user_photo_url)`

// progressValues are the columns a result writes to challenge_progress,
// $3 to $12, in the order of progressArgs.
const progressValues = `points = $3, check_ins_count = $4, total_check_ins = $4, last_check_in = $5,
	consecutive_days = $6, workouts_in_window = $7, completion_percentage = $8, completed = $9,
	user_name = $10, user_photo_url = $11, last_updated = $12`

// upsertProgressSQL writes a member's progress row, keeping its position.
const upsertProgressSQL = `
INSERT INTO challenge_progress (
	challenge_id, user_id, points, check_ins_count, total_check_ins, last_check_in,
	consecutive_days, workouts_in_window, completion_percentage, completed,
	user_name, user_photo_url, last_updated, position)
VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0)
ON CONFLICT (challenge_id, user_id) DO UPDATE SET ` + progressValues

// updateNonMemberProgressSQL rewrites the progress row of a user who is no
// longer a member, if there is one, and takes it out of the ranking.
const updateNonMemberProgressSQL = `
UPDATE challenge_progress SET ` + progressValues + `, position = 0
 WHERE challenge_id = $1 AND user_id = $2`

// writePointsSQL writes the points of the user's workouts, locking the rows
// in id order so that two writers never wait on each other in a cycle.
const writePointsSQL = `
WITH target AS (
	SELECT w.id, p.points
	  FROM workout_records AS w
	  JOIN unnest($2::uuid[], $3::int[]) AS p(id, points) ON p.id = w.id
	 WHERE w.user_id = $1 AND w.points IS DISTINCT FROM p.points
	 ORDER BY w.id
	   FOR UPDATE OF w
)
UPDATE workout_records AS w SET points = target.points FROM target WHERE w.id = target.id`

// markPositionsStaleSQL records that the challenge's positions need a
// refresh. It is the last statement of SaveUserResult, so the marker row is
// locked only until the commit that follows.
const markPositionsStaleSQL = `
INSERT INTO workoutflow_stale_positions AS m (challenge_id, version, marked_at) VALUES ($1, 1, $2)
ON CONFLICT (challenge_id) DO UPDATE SET version = m.version + 1, marked_at = excluded.marked_at`

// SaveUserResult replaces the user's check-ins in the challenge, writes the
// user's progress row keeping its stored position, writes the points of the
// user's workouts and marks the challenge's positions stale, in one
// transaction sent as one batch. It touches only this user's rows and the
// challenge's marker row, so it cannot deadlock with RefreshPositions. For a
// user who is not a member it removes the check-ins and, if a progress row
// exists, writes it with position 0. Two check-ins on the same day return
// an error wrapping storage.ErrConflict and change nothing.
func (s *Store) SaveUserResult(ctx context.Context, result ranking.UserResult, now time.Time) error {
	checkIns := result.CheckIns
	if !result.Member {
		checkIns = nil
	}
	if err := requireDistinctDays(checkIns); err != nil {
		return fmt.Errorf("save result of user %s in challenge %s: %w", result.UserID, result.ChallengeID, err)
	}

	batch := &pgx.Batch{}
	batch.Queue(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockNamespaceResults, result.ChallengeID.String()+result.UserID.String())
	batch.Queue(`DELETE FROM challenge_check_ins WHERE challenge_id = $1 AND user_id = $2`, result.ChallengeID, result.UserID)
	if len(checkIns) > 0 {
		batch.Queue(insertCheckInsSQL, checkInArgs(result, checkIns, now)...)
	}
	progressSQL := upsertProgressSQL
	if !result.Member {
		progressSQL = updateNonMemberProgressSQL
	}
	batch.Queue(progressSQL, progressArgs(result, now)...)
	if len(result.WorkoutPoints) > 0 {
		ids, points := workoutPoints(result.WorkoutPoints)
		batch.Queue(writePointsSQL, result.UserID, ids, points)
	}
	batch.Queue(markPositionsStaleSQL, result.ChallengeID, now)

	err := s.inTx(ctx, func(tx pgx.Tx) error {
		return tx.SendBatch(ctx, batch).Close()
	})
	return wrap(err, "save result of user %s in challenge %s", result.UserID, result.ChallengeID)
}

func requireDistinctDays(checkIns []ranking.CheckIn) error {
	days := make(map[workout.LocalDate]bool, len(checkIns))
	for _, c := range checkIns {
		if days[c.Day] {
			return fmt.Errorf("two check-ins on %s: %w", c.Day, storage.ErrConflict)
		}
		days[c.Day] = true
	}
	return nil
}

// checkInArgs returns the arguments of insertCheckInsSQL.
func checkInArgs(result ranking.UserResult, checkIns []ranking.CheckIn, now time.Time) []any {
	n := len(checkIns)
	ids, workoutIDs := make([]uuid.UUID, n), make([]any, n)
	days, instants := make([]time.Time, n), make([]time.Time, n)
	points, durations := make([]int, n), make([]int, n)
	names, types, userNames, photos := make([]string, n), make([]string, n), make([]string, n), make([]any, n)
	for i, c := range checkIns {
		ids[i], workoutIDs[i] = c.ID, nullUUID(c.WorkoutID)
		days[i] = time.Date(c.Day.Year, c.Day.Month, c.Day.Day, 0, 0, 0, 0, time.UTC)
		instants[i], points[i], durations[i] = c.CheckInAt, c.Points, c.DurationMinutes
		names[i], types[i], userNames[i], photos[i] = c.WorkoutName, c.WorkoutType, c.UserName, nullString(c.UserPhotoURL)
	}
	return []any{result.ChallengeID, result.UserID, now,
		ids, days, instants, points, workoutIDs, names, types, durations, userNames, photos}
}

// progressArgs returns the arguments of the progress statements.
func progressArgs(result ranking.UserResult, now time.Time) []any {
	p := result.Progress
	return []any{result.ChallengeID, result.UserID, p.Points, p.CheckIns, p.LastCheckIn,
		p.ConsecutiveDays, p.WorkoutsInWindow, p.CompletionPercentage, p.Completed,
		p.UserName, nullString(p.UserPhotoURL), now}
}

// workoutPoints returns the map as parallel arrays.
func workoutPoints(byWorkout map[uuid.UUID]int) ([]uuid.UUID, []int) {
	ids := make([]uuid.UUID, 0, len(byWorkout))
	points := make([]int, 0, len(byWorkout))
	for id, p := range byWorkout {
		ids = append(ids, id)
		points = append(points, p)
	}
	return ids, points
}

// ChallengeWorkouts returns every stored workout of the user recorded for
// the challenge, in no particular order.
func (s *Store) ChallengeWorkouts(ctx context.Context, challengeID, userID uuid.UUID) ([]workout.Workout, error) {
	found, err := s.selectWorkouts(ctx, `SELECT `+workoutColumns+` FROM workout_records
		WHERE challenge_id = $1 AND user_id = $2`, challengeID, userID)
	if err != nil {
		return nil, wrap(err, "workouts of user %s in challenge %s", userID, challengeID)
	}
	return found, nil
}
