package compat

import (
	"context"
	"fmt"
	"sync"

	"github.com/google/uuid"
)

// UserLocker serializes the legacy calls of one user, so that a check-in
// reply decided from the user's stored workouts cannot race with another
// call of the same user. Calls of different users run in parallel.
//
// LocalLocker serializes the calls of one process only. A deployment with
// several processes sharing one database needs a locker that works across
// them, such as one built on a PostgreSQL advisory lock keyed by the user.
type UserLocker interface {
	// LockUser waits until it holds the user's lock, or until ctx ends, and
	// returns the function that releases it.
	LockUser(ctx context.Context, userID uuid.UUID) (unlock func(), err error)
}

// LocalLocker is an in-process UserLocker. The zero value is ready to use;
// it must not be copied after first use.
type LocalLocker struct {
	mu sync.Mutex
	// users holds the lock of every user with a holder or a waiter.
	users map[uuid.UUID]*userLock
}

// userLock is one user's lock: a channel with room for one holder, and the
// number of goroutines holding or waiting for it.
type userLock struct {
	slot chan struct{}
	refs int
}

var _ UserLocker = (*LocalLocker)(nil)

// LockUser waits for the user's lock. It returns ctx's error when ctx ends
// first. The returned function may be called more than once.
func (l *LocalLocker) LockUser(ctx context.Context, userID uuid.UUID) (func(), error) {
	lock := l.acquireRef(userID)

	select {
	case lock.slot <- struct{}{}:
		return sync.OnceFunc(func() {
			<-lock.slot
			l.releaseRef(userID, lock)
		}), nil
	case <-ctx.Done():
		l.releaseRef(userID, lock)
		return nil, fmt.Errorf("lock user %s: %w", userID, ctx.Err())
	}
}

func (l *LocalLocker) acquireRef(userID uuid.UUID) *userLock {
	l.mu.Lock()
	defer l.mu.Unlock()

	if l.users == nil {
		l.users = make(map[uuid.UUID]*userLock)
	}
	lock, ok := l.users[userID]
	if !ok {
		lock = &userLock{slot: make(chan struct{}, 1)}
		l.users[userID] = lock
	}
	lock.refs++
	return lock
}

// releaseRef deletes the user's lock once no goroutine holds or waits for
// it, so the map does not grow with every user ever seen.
func (l *LocalLocker) releaseRef(userID uuid.UUID, lock *userLock) {
	l.mu.Lock()
	defer l.mu.Unlock()

	lock.refs--
	if lock.refs == 0 {
		delete(l.users, userID)
	}
}
