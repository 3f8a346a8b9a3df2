// Command bench measures workoutflow on PostgreSQL with durable commits:
// the floor of a bare insert, Record alone and under concurrency, the
// legacy all-in-one transaction, stage processing of a backlog, a sustained
// load with workers running, and bulk import. It prints a Markdown report.
//
// Without -database-url it starts its own throwaway PostgreSQL server from
// the local binaries (as the user nobody when run as root), with fsync and
// synchronous_commit on, and removes it at the end. With -database-url it
// creates a new schema there and leaves it in place.
//
//	go run ./examples/bench -record-duration 10s -sustained 60s
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
	"runtime/pprof"
	"time"
)

// options are the command-line settings.
type options struct {
	databaseURL    string
	dataDir        string
	stravaDir      string
	sizes          sizes
	clients        int
	recordDuration time.Duration
	backlog        int
	importBatch    int
	workers        int
	batch          int
	drainLimit     time.Duration
	sustained      time.Duration
	// sustainedRate is the record rate of the sustained load; zero means
	// half the highest Record rate measured.
	sustainedRate  float64
	settle         time.Duration
	asyncPositions bool
	// positionInterval spaces the background position refreshes.
	positionInterval time.Duration
	cpuProfile       string
	quiet            bool
}

// sizes sets the seeded population.
type sizes struct {
	users      int
	hotMembers int
	challenges int
}

// errFlagsPrinted is a flag error that the flag package has already
// printed with the usage text.
var errFlagsPrinted = errors.New("invalid flags")

// parseOptions reads the command line. It returns flag.ErrHelp for -h and
// -help, and errFlagsPrinted for a flag the flag package rejected.
func parseOptions(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&o.databaseURL, "database-url", "", "PostgreSQL to use; empty starts a throwaway durable server")
	fs.StringVar(&o.dataDir, "data-dir", os.TempDir(), "parent directory of the throwaway server's data (must be on disk for fsync to count)")
	fs.StringVar(&o.stravaDir, "strava", "testdata/strava", "directory of the Strava activity CSV files")
	fs.IntVar(&o.sizes.users, "users", 8000, "number of users")
	fs.IntVar(&o.sizes.hotMembers, "hot-members", 5000, "active participants of the hot challenge")
	fs.IntVar(&o.sizes.challenges, "challenges", 20, "number of smaller challenges")
	fs.IntVar(&o.clients, "clients", 32, "concurrent callers of the concurrent scenarios")
	fs.DurationVar(&o.recordDuration, "record-duration", 10*time.Second, "duration of each record latency run: bare insert, Record and the legacy transaction")
	fs.IntVar(&o.backlog, "backlog", 100000, "workouts imported by each bulk method; they form the stage backlog")
	fs.IntVar(&o.importBatch, "import-batch", 10000, "workouts per import transaction")
	fs.IntVar(&o.workers, "workers", 8, "worker goroutines of the pipeline")
	fs.IntVar(&o.batch, "claim-batch", 50, "ClaimBatch of the batched runs")
	fs.DurationVar(&o.drainLimit, "drain-limit", time.Minute, "maximum time of each stage processing run")
	fs.DurationVar(&o.sustained, "sustained", time.Minute, "duration of the sustained load")
	fs.Float64Var(&o.sustainedRate, "sustained-rate", 0, "records per second of the sustained load; 0 means half the highest Record rate measured")
	fs.DurationVar(&o.settle, "settle", 30*time.Second, "maximum wait for the queue to empty after the sustained load")
	fs.DurationVar(&o.positionInterval, "position-interval", 0, "with -async-positions, the minimum time between two position refreshes of one challenge; 0 runs them back to back")
	fs.BoolVar(&o.asyncPositions, "async-positions", false, "let the ranking stage return before refreshing the challenge positions, which a background refresher then updates (stage processing and sustained load runs)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file")
	fs.BoolVar(&o.quiet, "quiet", false, "print only the report")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, errFlagsPrinted
	}
	if o.clients < 1 || o.workers < 1 || o.batch < 1 || o.backlog < 1 || o.importBatch < 1 || o.sizes.users < o.sizes.hotMembers || o.sizes.challenges < 1 {
		return o, fmt.Errorf("invalid sizes: clients, workers, claim-batch, backlog, import-batch and challenges must be positive and users at least hot-members")
	}
	return o, nil
}

func main() {
	o, err := parseOptions(os.Args[1:])
	if err != nil {
		os.Exit(optionsExitCode(err, os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: cpu profile:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	rep, err := run(ctx, o, logger)
	if rep != nil {
		rep.write(os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// optionsExitCode prints err from parseOptions unless the flag package has
// printed it already, and returns the exit code: 0 for help, else 2.
func optionsExitCode(err error, stderr io.Writer) int {
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errFlagsPrinted):
		return 2
	}
	fmt.Fprintln(stderr, "bench:", err)
	return 2
}
