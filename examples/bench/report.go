package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// report collects the results and the environment of a run.
type report struct {
	options options
	server  []string
	results []result
}

// describeServer records the PostgreSQL version and the settings that
// decide commit cost.
func (rep *report) describeServer(ctx context.Context, pool *pgxpool.Pool) error {
	var version string
	if err := pool.QueryRow(ctx, "SHOW server_version").Scan(&version); err != nil {
		return fmt.Errorf("read server version: %w", err)
	}
	rep.server = append(rep.server, "PostgreSQL "+version)
	for _, name := range []string{"fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "max_wal_size"} {
		var value string
		if err := pool.QueryRow(ctx, "SELECT current_setting($1)", name).Scan(&value); err != nil {
			return fmt.Errorf("read setting %s: %w", name, err)
		}
		rep.server = append(rep.server, name+"="+value)
	}
	return nil
}

func (rep *report) add(r result) {
	rep.results = append(rep.results, r)
	if !rep.options.quiet {
		fmt.Fprintf(os.Stderr, "  %s, %d clients: %d ops in %s (%.0f/s), p50 %s p99 %s\n",
			r.Scenario, r.Clients, r.Ops, r.Elapsed.Round(time.Millisecond), r.Rate(), ms(r.Latency.P50), ms(r.Latency.P99))
	}
}

func (rep *report) progress(o options, format string, args ...any) {
	if !o.quiet {
		fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	}
}

// find returns the first result whose scenario starts with prefix and that
// ran with clients callers (0 matches any).
func (rep *report) find(prefix string, clients int) (result, bool) {
	for _, r := range rep.results {
		if strings.HasPrefix(r.Scenario, prefix) && (clients == 0 || r.Clients == clients) {
			return r, true
		}
	}
	return result{}, false
}

// peakRecordRate returns the highest Record throughput measured.
func (rep *report) peakRecordRate() float64 {
	peak := 0.0
	for _, r := range rep.results {
		if strings.HasPrefix(r.Scenario, "b.") {
			peak = max(peak, r.Rate())
		}
	}
	return peak
}

func (rep *report) write(w io.Writer) {
	fmt.Fprintf(w, "## Environment\n\n- %s\n- %s\n\n", machine(), strings.Join(rep.server, ", "))
	fmt.Fprintln(w, "## Results")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| scenario | callers | count | unit | seconds | per second | p50 ms | p95 ms | p99 ms | max ms | lag p50 ms | lag p99 ms | lag max ms | errors |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rep.results {
		unit := r.Unit
		if unit == "" {
			unit = "calls"
		}
		lag := "| - | - | -"
		if r.Lag != nil {
			lag = fmt.Sprintf("| %s | %s | %s", ms(r.Lag.P50), ms(r.Lag.P99), ms(r.Lag.Max))
		}
		fmt.Fprintf(w, "| %s | %d | %d | %s | %.1f | %.0f | %s | %s | %s | %s %s | %d |\n",
			r.Scenario, r.Clients, r.Ops, unit, r.Elapsed.Seconds(), r.Rate(),
			ms(r.Latency.P50), ms(r.Latency.P95), ms(r.Latency.P99), ms(r.Latency.Max), lag, r.Errors)
	}
	if r, ok := rep.find("e.", 0); ok {
		fmt.Fprintf(w, "\nSustained load: requested %.0f records/s, achieved %.0f/s; %d workouts unprocessed when the lag was read.\n",
			r.Target, r.Rate(), r.Unprocessed)
	}
	fmt.Fprintln(w)
	rep.writeTargets(w)
}

func (rep *report) writeTargets(w io.Writer) {
	fmt.Fprintln(w, "## Targets")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| target | measured | limit | met |")
	fmt.Fprintln(w, "|---|---|---|---|")
	row := func(name string, measured, limit float64, lowerIsBetter bool) {
		met := measured <= limit
		if !lowerIsBetter {
			met = measured >= limit
		}
		fmt.Fprintf(w, "| %s | %.2f | %.2f | %s |\n", name, measured, limit, yesNo(met))
	}

	floor1, ok1 := rep.find("a.", 1)
	record1, ok2 := rep.find("b.", 1)
	if ok1 && ok2 {
		row("Record p50 / floor p50, 1 caller", ratio(record1.Latency.P50, floor1.Latency.P50), 1.3, true)
		row("Record p99 / floor p99, 1 caller", ratio(record1.Latency.P99, floor1.Latency.P99), 2, true)
	}
	floorN, ok1 := rep.find("a.", rep.options.clients)
	recordN, ok2 := rep.find("b.", rep.options.clients)
	if ok1 && ok2 {
		row(fmt.Sprintf("Record p50 / floor p50, %d callers", rep.options.clients), ratio(recordN.Latency.P50, floorN.Latency.P50), 1.3, true)
		row(fmt.Sprintf("Record p99 / floor p99, %d callers", rep.options.clients), ratio(recordN.Latency.P99, floorN.Latency.P99), 2, true)
	}
	if mono, ok := rep.find("c.", rep.options.clients); ok && ok2 {
		row(fmt.Sprintf("Record p99 / monolith p99, %d callers", rep.options.clients), ratio(recordN.Latency.P99, mono.Latency.P99), 0.1, true)
	}
	if drain, ok := rep.find("d.", 0); ok {
		workouts := drain.Rate() / float64(len(bothStages))
		row("workouts/s through both stages / peak Record rate", workouts/rep.peakRecordRate(), 1, false)
	}
	if sus, ok := rep.find("e.", 0); ok && sus.Lag != nil && rep.options.sustainedRate == 0 {
		row("record-to-visible lag p99 (ms) at half the peak rate", float64(sus.Lag.P99)/1e6, 100, true)
	}
	imp, ok1 := rep.find("f. bulk import, ImportWorkouts", 0)
	multi, ok2 := rep.find("f. bulk import, multi-row", 0)
	if ok1 && ok2 {
		row("ImportWorkouts time / multi-row INSERT time", imp.Elapsed.Seconds()/multi.Elapsed.Seconds(), 2, true)
	}
}

// machine describes the CPUs and memory of this machine.
func machine() string {
	model := "unknown CPU"
	if cpuinfo, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(cpuinfo), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	memory := "unknown memory"
	if meminfo, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(meminfo), "MemTotal: %d kB", &kb); err == nil {
			memory = fmt.Sprintf("%.1f GiB memory", float64(kb)/(1<<20))
		}
	}
	return fmt.Sprintf("%d CPUs (%s), %s, %s/%s, %s", runtime.NumCPU(), model, memory, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/1e6) }

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func yesNo(met bool) string {
	if met {
		return "met"
	}
	return "not met"
}
