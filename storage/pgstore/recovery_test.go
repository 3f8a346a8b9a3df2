package pgstore_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/stretchr/testify/require"
)

func TestTryLeadConcurrentOneWinner(t *testing.T) {
	t.Parallel()
	first, dsn := newStore(t)
	second := openStore(t, dsn)

	const contenders = 10
	led := make([]bool, contenders)
	errs := make([]error, contenders)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range contenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := []*pgstore.Store{first, second}[i%2]
			<-start
			led[i], errs[i] = s.TryLead(t.Context(), "maintenance", fmt.Sprintf("runner-%d", i), baseTime, time.Minute)
		}()
	}
	close(start)
	wg.Wait()

	leaders := 0
	for i := range contenders {
		require.NoError(t, errs[i])
		if led[i] {
			leaders++
		}
	}
	require.Equal(t, 1, leaders)
}
