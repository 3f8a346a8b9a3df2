package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/hashicorp/go-multierror"
	"github.com/rayclub/workoutflow/workout"
)

// serverConfig configures run.
type serverConfig struct {
	// Addr is the TCP address to listen on, such as 127.0.0.1:8080.
	Addr string
	// Workers is the number of pipeline workers. Zero means
	// workout.DefaultWorkers.
	Workers int
	// ShutdownTimeout bounds the graceful shutdown. Zero means
	// defaultShutdownTimeout.
	ShutdownTimeout time.Duration
	Store           storeConfig
	Maintenance     maintenanceConfig
	Legacy          legacyConfig
	// onListen, when set, receives the address the server listens on.
	onListen func(net.Addr)
}

// HTTP timeouts of the server. Requests are small JSON documents, so a
// client that needs longer is broken or hostile.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 2 * time.Minute

	defaultShutdownTimeout = 15 * time.Second
)

// run serves the JSON API and runs the pipeline's workers until ctx ends,
// then shuts down gracefully: it stops accepting requests, waits for the
// ones in flight, and stops the workers, all within cfg.ShutdownTimeout.
func run(ctx context.Context, cfg serverConfig, logger *slog.Logger) error {
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = defaultShutdownTimeout
	}

	opened, err := openStore(ctx, cfg.Store, logger)
	if err != nil {
		return err
	}
	defer opened.close()
	metrics, err := instrument(opened, workout.SystemClock{})
	if err != nil {
		return err
	}

	a, err := newApp(opened, cfg.Workers, workout.SystemClock{}, logger)
	if err != nil {
		return err
	}
	mux := newMux(a.deps)
	mux.Handle("GET /metrics", metrics.handler())
	mux.Handle("GET /v1/workouts/{id}/explain", newExplainHandler(opened, workout.SystemClock{}, logger))
	if err := mountLegacy(mux, cfg.Legacy, a, workout.SystemClock{}, logger); err != nil {
		return err
	}

	listener, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	server := &http.Server{
		Handler:           newHandler(mux, logger),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}

	if err := a.start(ctx); err != nil {
		listener.Close()
		if stopErr := a.stop(ctx); stopErr != nil {
			err = multierror.Append(err, stopErr)
		}
		return err
	}
	stopMaintenance, err := startMaintenance(ctx, cfg.Maintenance, opened, a.flow.Pipeline, workout.SystemClock{}, logger)
	if err != nil {
		listener.Close()
		return multierror.Append(err, a.stop(ctx))
	}
	defer stopMaintenance()
	return serve(ctx, cfg, server, listener, a, logger)
}

// serve runs server on listener until ctx ends or the server fails, then
// shuts the server and the app down.
func serve(ctx context.Context, cfg serverConfig, server *http.Server, listener net.Listener, a *app, logger *slog.Logger) error {
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	logger.Info("server: listening", "addr", listener.Addr().String())
	if cfg.onListen != nil {
		cfg.onListen(listener.Addr())
	}

	var serveErr error
	select {
	case <-ctx.Done():
		logger.Info("server: shutting down")
	case serveErr = <-served:
		logger.Error("server: stopped serving", "error", serveErr)
	}

	var result *multierror.Error
	if serveErr != nil {
		result = multierror.Append(result, fmt.Errorf("serve HTTP: %w", serveErr))
	}

	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil {
		result = multierror.Append(result, fmt.Errorf("shut down HTTP server: %w", err))
	}
	if serveErr == nil {
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			result = multierror.Append(result, fmt.Errorf("serve HTTP: %w", err))
		}
	}
	if err := a.stop(shutdownCtx); err != nil {
		result = multierror.Append(result, err)
	}

	logger.Info("server: stopped")
	return result.ErrorOrNil()
}
