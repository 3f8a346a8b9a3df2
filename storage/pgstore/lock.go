package pgstore

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rayclub/workoutflow/internal/keylock"
)

// unlockTimeout bounds the release of an advisory lock.
const unlockTimeout = 5 * time.Second

// lockApplicationName names the connections of Lock in pg_stat_activity.
const lockApplicationName = "workoutflow-lock"

// locks is the state behind Store.Lock.
type locks struct {
	// local makes goroutines of this process wait for a key in memory,
	// so that only the holder of a key uses a connection for it.
	local keylock.Set

	// mu guards pool, which is opened on the first Lock.
	mu   sync.Mutex
	pool *pgxpool.Pool
}

// Lock blocks until it holds the lock named key, across every process
// sharing the database, or ctx ends. It holds a session-level advisory lock
// on a connection of a pool of at most Config.LockConns connections, apart
// from the query connections so that held locks never starve the work they
// protect. The returned function releases the lock and is safe to call
// more than once. It implements workout.Locker.
//
// NOTE: if the lock's connection breaks while the lock is held, PostgreSQL
// releases the lock at once and the holder gets no error.
func (s *Store) Lock(ctx context.Context, key string) (func(), error) {
	unlockLocal, err := s.locks.local.Lock(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("lock %q: %w", key, err)
	}

	pool, err := s.lockPool(ctx)
	if err != nil {
		unlockLocal()
		return nil, fmt.Errorf("lock %q: %w", key, err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		unlockLocal()
		return nil, fmt.Errorf("lock %q: acquire connection: %w", key, err)
	}

	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock("+lockIDSQL+")", key); err != nil {
		// A wait cut short by ctx may still have taken the lock just before
		// the cancel arrived. Closing the session releases it either way,
		// where returning the connection to the pool would keep it held.
		closeCtx, cancel := context.WithTimeout(context.Background(), unlockTimeout)
		_ = conn.Conn().Close(closeCtx)
		cancel()
		conn.Release()
		unlockLocal()
		return nil, fmt.Errorf("lock %q: %w", key, err)
	}

	var once sync.Once
	return func() {
		once.Do(func() {
			s.advisoryUnlock(conn, key)
			unlockLocal()
		})
	}, nil
}

// advisoryUnlock releases the advisory lock and returns the connection to
// the pool, or closes the connection, which releases the lock too, when
// the unlock fails.
func (s *Store) advisoryUnlock(conn *pgxpool.Conn, key string) {
	ctx, cancel := context.WithTimeout(context.Background(), unlockTimeout)
	defer cancel()

	if _, err := conn.Exec(ctx, "SELECT pg_advisory_unlock("+lockIDSQL+")", key); err != nil {
		s.logger.Warn("workoutflow: advisory unlock failed, closing its connection", "key", key, "err", err)
		_ = conn.Conn().Close(ctx)
	}
	conn.Release()
}

// lockPool returns the pool of Lock's connections, opening it on first use
// with the configuration of the Store's connections.
func (s *Store) lockPool(ctx context.Context) (*pgxpool.Pool, error) {
	s.locks.mu.Lock()
	defer s.locks.mu.Unlock()
	if s.locks.pool != nil {
		return s.locks.pool, nil
	}

	connConfig, err := s.handle.connConfig(ctx)
	if err != nil {
		return nil, err
	}
	connConfig.RuntimeParams["application_name"] = lockApplicationName
	poolConfig, err := pgxpool.ParseConfig("")
	if err != nil {
		return nil, err
	}
	poolConfig.ConnConfig = connConfig
	poolConfig.MaxConns = int32(s.lockConns)
	poolConfig.MinConns = 0

	pool, err := pgxpool.NewWithConfig(ctx, poolConfig)
	if err != nil {
		return nil, fmt.Errorf("open lock connections: %w", err)
	}
	s.locks.pool = pool
	return pool, nil
}

// closeLockPool closes the lock connections, if they were opened.
func (s *Store) closeLockPool() {
	s.locks.mu.Lock()
	defer s.locks.mu.Unlock()
	if s.locks.pool != nil {
		s.locks.pool.Close()
		s.locks.pool = nil
	}
}

// lockIDSQL maps the lock name $1 to the 64-bit key of pg_advisory_lock.
// The legacy SQL functions of the migrations take the per-user lock with
// the same expression (workoutflow_lock_id), so the key is computed by the
// database for both and the Go and SQL paths exclude each other.
const lockIDSQL = "hashtextextended($1::text, 0)"
