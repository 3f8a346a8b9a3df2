package pgstore

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/workout"
)

var _ workout.LeaderElector = (*Store)(nil)

// tryLeadSQL takes or renews a lease in one statement. The conflicting row
// is locked before the WHERE clause is checked, so two processes never
// both take the lease.
const tryLeadSQL = `
INSERT INTO workoutflow_leases AS l (name, owner, expires_at) VALUES ($1, $2, $4)
ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
 WHERE l.owner = excluded.owner OR l.expires_at <= $3
RETURNING true`

// TryLead takes or renews the lease called name for owner until now plus
// ttl. It succeeds when the lease is free, already held by owner, or
// expired at or before now, and otherwise returns false and changes
// nothing. It implements workout.LeaderElector.
func (s *Store) TryLead(ctx context.Context, name, owner string, now time.Time, ttl time.Duration) (bool, error) {
	var led bool
	err := s.run(ctx, func(q querier) error {
		return q.QueryRow(ctx, tryLeadSQL, name, owner, now, now.Add(ttl)).Scan(&led)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, wrap(err, "lead %s as %s", name, owner)
	}
	return led, nil
}
