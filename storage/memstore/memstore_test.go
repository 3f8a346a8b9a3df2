package memstore_test

import (
	"testing"

	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/storage/storagetest"
)

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storagetest.Adapter { return memstore.New() })
}
