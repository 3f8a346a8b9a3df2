// Command workoutctl is the operator's tool for a workoutflow database on
// PostgreSQL: it applies the migrations, diagnoses and repairs what the
// pipeline left wrong, sends dead jobs back, reports the stage statistics
// and explains why a workout is or is not on a leaderboard.
//
//	go run ./examples/workoutctl -database-url postgres://... diagnose
//
// Results are written to standard output as JSON, and progress lines to
// standard error. The exit code is 0 on success, 1 on failure, 2 on a
// usage error, and 3 when diagnose finds problems.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
