package pgstore

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Reconnection delays of the wakeup listener. The delay doubles after each
// failed connection, up to the maximum, and starts again at the minimum
// after a connection that worked.
const (
	listenMinBackoff = 100 * time.Millisecond
	listenMaxBackoff = 30 * time.Second
)

// listenerApplicationName names the listener's connection in
// pg_stat_activity.
const listenerApplicationName = "workoutflow-listener"

// Wakeups returns a channel that receives a value when jobs are queued or
// sent back to the queue, from LISTEN on a connection of its own. When the
// connection drops, the listener reconnects with exponential backoff and
// sends a value once it listens again, because notifications sent in
// between are lost. A receiver that is busy misses no wakeup for good: the
// channel keeps one pending value. The channel is closed, and the
// connection with it, when ctx ends.
func (s *Store) Wakeups(ctx context.Context) <-chan struct{} {
	wakeups := make(chan struct{}, 1)
	go s.listen(ctx, wakeups)
	return wakeups
}

// listen runs LISTEN sessions until ctx ends, then closes wakeups.
func (s *Store) listen(ctx context.Context, wakeups chan struct{}) {
	defer close(wakeups)

	backoff := listenMinBackoff
	for {
		listened, err := s.listenSession(ctx, wakeups)
		if ctx.Err() != nil {
			return
		}
		if listened {
			backoff = listenMinBackoff
		}
		s.logger.Warn("workoutflow: wakeup listener disconnected, reconnecting",
			"schema", s.schema, "retry_in", backoff, "err", err)

		timer := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		backoff = min(2*backoff, listenMaxBackoff)
	}
}

// listenSession connects, listens and forwards notifications until the
// connection fails or ctx ends. listened reports whether LISTEN succeeded.
func (s *Store) listenSession(ctx context.Context, wakeups chan struct{}) (listened bool, err error) {
	config, err := s.handle.connConfig(ctx)
	if err != nil {
		return false, err
	}
	config.RuntimeParams["application_name"] = listenerApplicationName

	conn, err := pgx.ConnectConfig(ctx, config)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))

	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{wakeupChannel}.Sanitize()); err != nil {
		return false, err
	}
	signal(wakeups)

	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return true, err
		}
		signal(wakeups)
	}
}

// signal sends a wakeup unless one is already pending.
func signal(wakeups chan struct{}) {
	select {
	case wakeups <- struct{}{}:
	default:
	}
}
