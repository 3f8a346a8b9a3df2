package compat_test

import (
	"testing"

	"github.com/rayclub/workoutflow/compat/compattest"
)

func TestSharedCasesOnService(t *testing.T) {
	t.Parallel()
	compattest.Run(t, func(t *testing.T) compattest.Env { return setup(t).env() })
}
