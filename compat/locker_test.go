package compat

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestLocalLockerSerializesOneUser(t *testing.T) {
	t.Parallel()
	var locker LocalLocker
	user := uuid.New()

	unlock, err := locker.LockUser(context.Background(), user)
	require.NoError(t, err)

	acquired := make(chan func())
	go func() {
		second, err := locker.LockUser(context.Background(), user)
		if err == nil {
			acquired <- second
		}
	}()

	// The waiter must not get the lock while the first holder keeps it.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = locker.LockUser(ctx, user)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	select {
	case <-acquired:
		t.Fatal("second holder got the lock before the first released it")
	default:
	}

	unlock()
	select {
	case second := <-acquired:
		second()
	case <-time.After(5 * time.Second):
		t.Fatal("waiter did not get the lock after release")
	}
	require.Empty(t, locker.users, "released locks are forgotten")
}

func TestLocalLockerUsersIndependent(t *testing.T) {
	t.Parallel()
	var locker LocalLocker

	unlockA, err := locker.LockUser(context.Background(), uuid.New())
	require.NoError(t, err)
	defer unlockA()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	unlockB, err := locker.LockUser(ctx, uuid.New())
	require.NoError(t, err)
	unlockB()
}

func TestLocalLockerUnlockTwice(t *testing.T) {
	t.Parallel()
	var locker LocalLocker
	user := uuid.New()

	unlock, err := locker.LockUser(context.Background(), user)
	require.NoError(t, err)
	unlock()
	unlock()

	again, err := locker.LockUser(context.Background(), user)
	require.NoError(t, err)
	again()
	require.Empty(t, locker.users)
}

func TestLocalLockerCanceledContext(t *testing.T) {
	t.Parallel()
	var locker LocalLocker
	user := uuid.New()
	unlock, err := locker.LockUser(context.Background(), user)
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = locker.LockUser(ctx, user)
	require.ErrorIs(t, err, context.Canceled)

	unlock()
	require.Empty(t, locker.users)
}
