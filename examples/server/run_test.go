package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRunServesAndShutsDown(t *testing.T) {
	t.Parallel()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addresses := make(chan net.Addr, 1)
	cfg := serverConfig{Addr: "127.0.0.1:0", Workers: 2, onListen: func(addr net.Addr) { addresses <- addr }}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))

	finished := make(chan error, 1)
	go func() { finished <- run(ctx, cfg, logger) }()

	var base string
	select {
	case addr := <-addresses:
		base = "http://" + addr.String()
	case err := <-finished:
		t.Fatalf("run returned before listening: %v", err)
	case <-time.After(10 * time.Second):
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

	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	err := run(context.Background(), serverConfig{Addr: "127.0.0.1:-1"}, logger)
	require.ErrorContains(t, err, "listen on 127.0.0.1:-1")
}

func TestRunRejectsDatabaseURLWithoutAdapter(t *testing.T) {
	t.Parallel()

	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	err := run(context.Background(), serverConfig{Addr: "127.0.0.1:0", Store: storeConfig{DatabaseURL: "postgres://localhost/x"}}, logger)
	require.ErrorContains(t, err, "PostgreSQL")
}
