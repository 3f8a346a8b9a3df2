package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// Exit codes of run.
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitProblems = 3
)

// usageError is an error in the command line.
type usageError struct{ message string }

func (e usageError) Error() string { return e.message }

func usagef(format string, args ...any) error {
	return usageError{message: fmt.Sprintf(format, args...)}
}

// errProblems reports that diagnose found problems.
var errProblems = errors.New("diagnose found problems")

// command is one subcommand.
type command struct {
	usage string
	// description is the one line that the usage text prints below usage.
	description string
	run         func(ctx context.Context, env *env, args []string) error
}

var commands = map[string]command{
	"migrate": {usage: "migrate", run: runMigrate,
		description: "apply the database migrations that are not applied yet"},
	"diagnose": {usage: "diagnose [-since 168h] [-checks queue,jobs,ranking,dashboards]", run: runDiagnose,
		description: "report what the pipeline left wrong without repairing it (exit code 3 when it finds something)"},
	"recover": {usage: "recover [-dry-run] [-retry-dead] [-since 168h] [-checks ...]", run: runRecover,
		description: "make the diagnose checks and repair what they find"},
	"retry": {usage: "retry <workout id>", run: runRetry,
		description: "send the workout's failed and dead jobs back to the queue"},
	"stats": {usage: "stats [-window 1h]", run: runStats,
		description: "print per stage the attempts, failure rate and times in milliseconds over the window, and its job counts"},
	"explain": {usage: "explain <workout id>", run: runExplain,
		description: "explain whether the workout owns a check-in on its challenge's leaderboard, with its status and logged events"},
}

// commandOrder is the order of the usage text.
var commandOrder = []string{"migrate", "diagnose", "recover", "retry", "stats", "explain"}

// run runs the command line args and returns the exit code. Results go to
// stdout and progress lines and errors to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("workoutctl", flag.ContinueOnError)
	flags.SetOutput(stderr)
	databaseURL := flags.String("database-url", "", "PostgreSQL connection string; empty means $DATABASE_URL")
	flags.Usage = func() { printUsage(flags) }
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}

	rest := flags.Args()
	if len(rest) == 0 {
		fmt.Fprintln(stderr, "workoutctl: missing command")
		printUsage(flags)
		return exitUsage
	}
	cmd, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintf(stderr, "workoutctl: unknown command %q\n", rest[0])
		printUsage(flags)
		return exitUsage
	}
	if *databaseURL == "" {
		// Read here, not as the flag default, so that -help never prints
		// the connection string and its password.
		*databaseURL = os.Getenv("DATABASE_URL")
	}
	if *databaseURL == "" {
		fmt.Fprintln(stderr, "workoutctl: missing database: set -database-url or DATABASE_URL")
		return exitUsage
	}

	e := &env{databaseURL: *databaseURL, stdout: stdout, stderr: stderr,
		logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	defer e.close()
	return exitCode(cmd.run(ctx, e, rest[1:]), stderr)
}

// exitCode prints err and returns the exit code it stands for.
func exitCode(err error, stderr io.Writer) int {
	var usage usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errProblems):
		fmt.Fprintf(stderr, "workoutctl: %v\n", err)
		return exitProblems
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "workoutctl: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "workoutctl: %v\n", err)
	return exitFailure
}

func printUsage(flags *flag.FlagSet) {
	out := flags.Output()
	fmt.Fprintln(out, "Usage: workoutctl [-database-url URL] <command> [arguments]")
	fmt.Fprintln(out, "\nCommands:")
	for _, name := range commandOrder {
		fmt.Fprintf(out, "  %s\n      %s\n", commands[name].usage, commands[name].description)
	}
	fmt.Fprintln(out, "\nExit codes: 0 ok, 1 failure, 2 usage error, 3 diagnose found problems.")
	fmt.Fprintln(out, "\nFlags:")
	flags.PrintDefaults()
}

// parseCommandFlags parses the flags of a subcommand and returns its
// positional arguments.
func parseCommandFlags(flags *flag.FlagSet, args []string, stderr io.Writer) ([]string, error) {
	flags.SetOutput(stderr)
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usagef("%s: %v", flags.Name(), strings.TrimSpace(err.Error()))
	}
	return flags.Args(), nil
}
