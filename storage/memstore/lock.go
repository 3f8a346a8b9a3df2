package memstore

import "context"

// Lock implements workout.Locker with in-process locks, which is all the
// sharing an in-memory store can have.
func (s *Store) Lock(ctx context.Context, key string) (func(), error) {
	return s.locks.Lock(ctx, key)
}
