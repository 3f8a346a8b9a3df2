package memstore

import "context"

// Wakeups returns a channel that receives a value whenever jobs are queued
// or sent back to the queue. A receiver that is busy misses no wakeup for
// good: the channel keeps one pending value. The channel is closed when ctx
// ends.
func (s *Store) Wakeups(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)

	s.mu.Lock()
	s.subscribers[ch] = struct{}{}
	s.mu.Unlock()

	context.AfterFunc(ctx, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.subscribers, ch)
		close(ch)
	})
	return ch
}

// notify sends a wakeup to every subscriber that has none pending. The
// caller holds s.mu, which keeps a channel from closing during the send.
func (s *Store) notify() {
	for ch := range s.subscribers {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}
