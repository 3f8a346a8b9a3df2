// Command replay runs real Strava activity histories through an in-memory
// workoutflow pipeline. It creates one challenge over a stretch of days in
// which several athletes trained, enrols the athletes, records every one of
// their activities, runs the ranking and dashboard stages and prints the
// ranking and each athlete's dashboard.
//
//	go run ./examples/replay -data testdata/strava -days 21
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
	"strings"

	"github.com/rayclub/workoutflow/workout"
)

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	if _, err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "replay failed:", err)
		os.Exit(1)
	}
}

// parseFlags reads the command line into a config. Usage and flag errors
// are written to output.
func parseFlags(args []string, output io.Writer) (config, error) {
	var (
		cfg      config
		athletes string
		start    string
		logLevel slog.Level
	)
	flags := flag.NewFlagSet("replay", flag.ContinueOnError)
	flags.SetOutput(output)
	flags.StringVar(&cfg.DataDir, "data", "testdata/strava", "folder of the Strava activity CSV files")
	flags.StringVar(&athletes, "athletes", "", "comma-separated athlete pseudonyms to replay, such as athlete-01,athlete-05 (default all)")
	flags.StringVar(&start, "start", "", "first day of the challenge as YYYY-MM-DD in America/Sao_Paulo (default: the window with the most active athletes)")
	flags.IntVar(&cfg.Days, "days", 21, "length of the challenge in days")
	flags.IntVar(&cfg.MarginDays, "margin-days", 0, "record only the activities at most this many days before or after the challenge, which makes the replay much faster (default 0: every activity)")
	flags.IntVar(&cfg.Workers, "workers", workout.DefaultWorkers, "number of pipeline workers")
	flags.TextVar(&logLevel, "log-level", slog.LevelWarn, "minimum level of the pipeline logs written to stderr: debug, info, warn or error")
	if err := flags.Parse(args); err != nil {
		return config{}, err
	}

	if athletes != "" {
		for _, name := range strings.Split(athletes, ",") {
			cfg.Athletes = append(cfg.Athletes, strings.TrimSpace(name))
		}
	}
	if start != "" {
		day, err := workout.ParseLocalDate(start)
		if err != nil {
			return config{}, fmt.Errorf("invalid -start %q: expected a date such as 2024-07-29", start)
		}
		cfg.Start = day
	}
	if cfg.Days < 1 || cfg.Workers < 1 || cfg.MarginDays < 0 {
		return config{}, fmt.Errorf("invalid -days %d, -workers %d or -margin-days %d: days and workers must be at least 1, the margin at least 0",
			cfg.Days, cfg.Workers, cfg.MarginDays)
	}
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel}))
	return cfg, nil
}
