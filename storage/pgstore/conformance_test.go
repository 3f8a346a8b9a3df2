package pgstore_test

import (
	"testing"

	"github.com/rayclub/workoutflow/storage/storagetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	storagetest.Run(t, func(t *testing.T) storagetest.Adapter {
		s, _ := newStore(t)
		return s
	})
}
