package pgstore

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// refreshPositionsSQL ranks the challenge's members in the order of
// ranking.Rank: points descending, then workouts in the window descending,
// then the last check-in ascending with none last. rank() gives rows equal
// on all three keys the same position. Every other progress row gets
// position 0, and only rows whose position changes are written.
const refreshPositionsSQL = `
WITH ranked AS (
	SELECT p.user_id,
	       rank() OVER (ORDER BY coalesce(p.points, 0) DESC, p.workouts_in_window DESC,
	                             p.last_check_in ASC NULLS LAST) AS position
	  FROM challenge_progress AS p
	  JOIN challenge_participants AS m ON m.challenge_id = p.challenge_id AND m.user_id = p.user_id
	 WHERE p.challenge_id = $1 AND ` + memberCondition + `
), target AS (
	SELECT p.user_id, coalesce(r.position, 0)::int AS position
	  FROM challenge_progress AS p
	  LEFT JOIN ranked AS r ON r.user_id = p.user_id
	 WHERE p.challenge_id = $1
)
UPDATE challenge_progress AS p
   SET position = target.position, last_updated = $2
  FROM target
 WHERE p.challenge_id = $1 AND p.user_id = target.user_id
   AND p.position IS DISTINCT FROM target.position`

// RefreshPositions recomputes the positions of the challenge's members from
// the stored progress rows in one statement and writes the ones that
// changed, with last_updated set to now. Non-members get position 0.
//
// Refreshes of one challenge run one at a time under a transaction-scoped
// advisory lock, also across processes, and each reads the progress rows
// after taking the lock, so the last refresh always sees every result
// saved before it started. The stale marker is removed only if no result
// was saved since it was read, and as the last statement, so that its row
// lock is taken after the progress rows, in the same order as
// SaveUserResult takes them.
func (s *Store) RefreshPositions(ctx context.Context, challengeID uuid.UUID, now time.Time) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var version *int64
		batch := &pgx.Batch{}
		batch.Queue(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockNamespacePositions, challengeID.String())
		batch.Queue(`SELECT version FROM workoutflow_stale_positions WHERE challenge_id = $1`, challengeID).
			QueryRow(func(row pgx.Row) error {
				err := row.Scan(&version)
				if errors.Is(err, pgx.ErrNoRows) {
					return nil
				}
				return err
			})
		if err := tx.SendBatch(ctx, batch).Close(); err != nil {
			return err
		}

		if _, err := tx.Exec(ctx, refreshPositionsSQL, challengeID, now); err != nil {
			return err
		}
		if version == nil {
			return nil
		}
		_, err := tx.Exec(ctx, `DELETE FROM workoutflow_stale_positions WHERE challenge_id = $1 AND version = $2`,
			challengeID, *version)
		return err
	})
	return wrap(err, "refresh positions of challenge %s", challengeID)
}

// StaleChallenges returns the challenges whose positions need a refresh:
// a result was saved after their last refresh began. A maintenance task
// can refresh them after a worker crashed between saving a result and
// refreshing the positions.
func (s *Store) StaleChallenges(ctx context.Context) ([]uuid.UUID, error) {
	ids := []uuid.UUID{}
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, `SELECT challenge_id FROM workoutflow_stale_positions ORDER BY marked_at`)
		var id uuid.UUID
		_, err := pgx.ForEachRow(rows, []any{&id}, func() error {
			ids = append(ids, id)
			return nil
		})
		return err
	})
	if err != nil {
		return nil, wrap(err, "stale challenges")
	}
	return ids, nil
}
