// Command server is an example HTTP JSON server on top of workoutflow. It
// records workouts, runs the ranking and dashboard stages in-process and
// serves challenges, rankings, dashboards and processing statistics.
//
// By default it keeps everything in memory:
//
//	go run ./examples/server -addr 127.0.0.1:8080
//
// GET /metrics serves Prometheus metrics: stage attempt durations by stage
// and outcome, workout writes by outcome, the queue's pending, running and
// dead jobs and the age of the oldest pending one, and the processing log
// events that could not be written. The server depends on
// github.com/prometheus/client_golang for them because the text format,
// histogram buckets and collectors read at scrape time are what Prometheus
// servers expect, and writing them by hand would duplicate that library.
// The library packages do not import it: they report through
// tracking.Tracker, which the server wraps.
//
// POST /rest/v1/rpc/{function} and GET /rest/v1/workout_processing_queue
// serve the shipped mobile app's legacy calls when -jwt-secret (or
// $WORKOUTFLOW_JWT_SECRET) is set, or without authentication with
// -dev-no-auth in development; otherwise they are off.
//
// One server among those sharing a store runs recovery and retention every
// -maintenance-interval (0 disables them), elected with a lease row.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/rayclub/workoutflow/workout"
)

func main() {
	cfg, logger, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := run(ctx, cfg, logger); err != nil {
		logger.Error("server: failed", "error", err)
		os.Exit(1)
	}
}

// parseFlags reads the command line into a serverConfig and builds the
// logger. Usage and flag errors are written to output.
func parseFlags(args []string, output io.Writer) (serverConfig, *slog.Logger, error) {
	var (
		cfg       serverConfig
		level     slog.Level
		logFormat string
	)
	flags := flag.NewFlagSet("server", flag.ContinueOnError)
	flags.SetOutput(output)
	flags.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "TCP address to listen on")
	flags.IntVar(&cfg.Workers, "workers", workout.DefaultWorkers, "number of pipeline workers running the stages")
	flags.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", defaultShutdownTimeout, "maximum time to finish requests and stop workers on SIGINT or SIGTERM")
	flags.TextVar(&level, "log-level", slog.LevelInfo, "minimum log level: debug, info, warn or error")
	flags.StringVar(&logFormat, "log-format", "text", "log format: text or json")

	// Storage. Without a database URL the server keeps everything in memory.
	flags.StringVar(&cfg.Store.DatabaseURL, "database-url", "", "PostgreSQL connection string; empty means $DATABASE_URL, and in-memory storage when that is empty too")
	flags.BoolVar(&cfg.Store.Migrate, "migrate", false, "apply the PostgreSQL migrations before serving")
	addMaintenanceFlags(flags, &cfg.Maintenance)
	addLegacyFlags(flags, &cfg.Legacy)

	if err := flags.Parse(args); err != nil {
		return serverConfig{}, nil, err
	}
	if cfg.Store.DatabaseURL == "" {
		// Read here, not as the flag default, so that -help never prints
		// the connection string and its password.
		cfg.Store.DatabaseURL = os.Getenv("DATABASE_URL")
	}
	readLegacyEnv(&cfg.Legacy)
	if cfg.Workers < 1 {
		return serverConfig{}, nil, fmt.Errorf("invalid -workers %d: must be at least 1", cfg.Workers)
	}

	options := &slog.HandlerOptions{Level: level}
	switch logFormat {
	case "text":
		return cfg, slog.New(slog.NewTextHandler(os.Stderr, options)), nil
	case "json":
		return cfg, slog.New(slog.NewJSONHandler(os.Stderr, options)), nil
	}
	return serverConfig{}, nil, fmt.Errorf("invalid -log-format %q: must be text or json", logFormat)
}
