package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/internal/pgtest"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	code := pgtest.Run(m)
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goroutines leaked: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

func TestRunServesAndShutsDown(t *testing.T) {
	t.Parallel()
	runAndRecord(t, serverConfig{Addr: "127.0.0.1:0", Workers: 2})
}

func TestRunOnPostgreSQL(t *testing.T) {
	t.Parallel()

	dsn := pgtest.NewDatabase(t)
	runAndRecord(t, serverConfig{Addr: "127.0.0.1:0", Workers: 2, Store: storeConfig{DatabaseURL: dsn, Migrate: true}})
}

// runAndRecord starts run with cfg, records a workout over HTTP, waits
// until the workers processed it, then stops the server and requires a
// clean shutdown.
func runAndRecord(t *testing.T, cfg serverConfig) {
	t.Helper()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addresses := make(chan net.Addr, 1)
	cfg.onListen = func(addr net.Addr) { addresses <- addr }
	logger := slog.New(slog.DiscardHandler)

	finished := make(chan error, 1)
	go func() { finished <- run(ctx, cfg, logger) }()

	var base string
	select {
	case addr := <-addresses:
		base = "http://" + addr.String()
	case err := <-finished:
		t.Fatalf("run returned before listening: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("timed out waiting for the server to listen")
	}

	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{}}
	defer client.CloseIdleConnections()

	body := `{"user_id":"` + uuid.NewString() + `","workout_name":"Corrida","workout_type":"Run",` +
		`"date":"` + time.Now().Add(-time.Hour).UTC().Format(time.RFC3339) + `","duration_minutes":50}`
	resp, err := client.Post(base+"/v1/workouts", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	var recorded recordResponse
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&recorded))
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)

	// The workers run the stages on their own, so poll the status endpoint
	// the way the app does.
	status := waitProcessed(t, client, base+"/v1/workouts/"+recorded.Workout.ID.String()+"/status")
	require.True(t, status.ProcessedForRanking)
	require.True(t, status.ProcessedForDashboard)
	waitStats(t, client, base+"/v1/stats?window=1h")

	cancel()
	select {
	case err := <-finished:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("timed out waiting for the graceful shutdown")
	}

	_, err = client.Get(base + "/healthz")
	require.Error(t, err, "the server still accepts requests after shutdown")
}

// waitStats polls url until every stage reports a succeeded attempt,
// failing after a timeout. The PostgreSQL tracker writes in the background,
// so the figures may trail the processing.
func waitStats(t *testing.T, client *http.Client, url string) {
	t.Helper()

	deadline := time.After(10 * time.Second)
	ticker := time.NewTicker(20 * time.Millisecond)
	defer ticker.Stop()
	for {
		resp, err := client.Get(url)
		require.NoError(t, err)
		var stats statsResponse
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&stats))
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)

		succeeded := 0
		for _, stage := range stats.Stages {
			if stage.Succeeded > 0 {
				succeeded++
			}
		}
		if len(stats.Stages) == 2 && succeeded == 2 {
			return
		}

		select {
		case <-deadline:
			t.Fatalf("stage statistics incomplete in time, last response %+v", stats)
		case <-ticker.C:
		}
	}
}

// waitProcessed polls url until the workout is processed by every stage,
// failing after a timeout.
func waitProcessed(t *testing.T, client *http.Client, url string) workout.Status {
	t.Helper()

	deadline := time.After(10 * time.Second)
	ticker := time.NewTicker(20 * time.Millisecond)
	defer ticker.Stop()
	for {
		resp, err := client.Get(url)
		require.NoError(t, err)
		var status workout.Status
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&status))
		resp.Body.Close()
		if status.ProcessedAt != nil {
			return status
		}

		select {
		case <-deadline:
			t.Fatalf("workout not processed in time, last status %+v", status)
		case <-ticker.C:
		}
	}
}

func TestRunListenError(t *testing.T) {
	t.Parallel()

	err := run(context.Background(), serverConfig{Addr: "127.0.0.1:-1"}, slog.New(slog.DiscardHandler))
	require.ErrorContains(t, err, "listen on 127.0.0.1:-1")
}

func TestRunMigrateNeedsDatabase(t *testing.T) {
	t.Parallel()

	err := run(context.Background(), serverConfig{Addr: "127.0.0.1:0", Store: storeConfig{Migrate: true}}, slog.New(slog.DiscardHandler))
	require.ErrorContains(t, err, "-migrate")
}

func TestRunInvalidDatabaseURL(t *testing.T) {
	t.Parallel()

	err := run(context.Background(), serverConfig{Addr: "127.0.0.1:0", Store: storeConfig{DatabaseURL: "postgres://%zz"}}, slog.New(slog.DiscardHandler))
	require.ErrorContains(t, err, "open PostgreSQL storage")
}
