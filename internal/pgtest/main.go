package pgtest

import (
	"fmt"
	"os"
	"testing"
)

// Main runs the tests and then stops the server and removes the databases
// they used. Call it from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
func Main(m *testing.M) {
	os.Exit(Run(m))
}

// Run runs the tests, stops the server and removes the databases they used,
// and returns the exit code for os.Exit. Use it instead of Main when
// TestMain has more to check after the tests, such as goroutine leaks. A
// failure to clean up turns a zero code into 1.
func Run(m *testing.M) int {
	code := m.Run()
	if err := shutdown(); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: clean up after the tests: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}
