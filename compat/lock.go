package compat

import "github.com/google/uuid"

// UserLockKey returns the name of the workout.Locker lock that the legacy
// calls of a user hold while they run. The SQL functions of the PostgreSQL
// migration take the transaction-level advisory lock of the same name
// (workoutflow_lock_id('workoutflow:user:' || id)), and the PostgreSQL
// adapter's Lock maps a name to the same advisory key. So on PostgreSQL a
// Go call and a SQL call for one user wait for each other, and of several
// concurrent check-ins of a user for one day exactly one earns points,
// whichever path serves them.
func UserLockKey(userID uuid.UUID) string {
	return "workoutflow:user:" + userID.String()
}
