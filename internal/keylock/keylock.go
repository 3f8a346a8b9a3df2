// Package keylock provides in-process named locks.
package keylock

import (
	"context"
	"sync"
)

// Set is a set of named locks. Its zero value is ready to use.
type Set struct {
	// mu guards locks.
	mu    sync.Mutex
	locks map[string]*entry
}

type entry struct {
	held    chan struct{} // a value in the channel means the lock is held
	waiters int
}

// Lock blocks until it holds the lock named key or ctx ends, and returns the
// function that releases it. Locks that nobody holds or waits for are
// dropped, so the set does not grow with the number of keys ever used.
func (s *Set) Lock(ctx context.Context, key string) (func(), error) {
	s.mu.Lock()
	if s.locks == nil {
		s.locks = map[string]*entry{}
	}
	e := s.locks[key]
	if e == nil {
		e = &entry{held: make(chan struct{}, 1)}
		s.locks[key] = e
	}
	e.waiters++
	s.mu.Unlock()

	select {
	case e.held <- struct{}{}:
	case <-ctx.Done():
		s.leave(key, e)
		return nil, ctx.Err()
	}

	var once sync.Once
	return func() {
		once.Do(func() {
			<-e.held
			s.leave(key, e)
		})
	}, nil
}

func (s *Set) leave(key string, e *entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.waiters--
	if e.waiters == 0 {
		delete(s.locks, key)
	}
}
