package compathttp_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when a goroutine outlives them, such
// as a position refresh of the ranking stage that was never stopped.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
