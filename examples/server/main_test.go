package main

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestParseFlagsDefaults(t *testing.T) {
	t.Setenv("DATABASE_URL", "")

	cfg, logger, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	require.NotNil(t, logger)
	require.Equal(t, "127.0.0.1:8080", cfg.Addr)
	require.Equal(t, workout.DefaultWorkers, cfg.Workers)
	require.Equal(t, defaultShutdownTimeout, cfg.ShutdownTimeout)
	require.Empty(t, cfg.Store.DatabaseURL)
	require.False(t, cfg.Store.Migrate)
}

func TestParseFlagsValues(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://from-env/db")

	cfg, _, err := parseFlags([]string{
		"-addr", "127.0.0.1:9000", "-workers", "4", "-log-level", "debug", "-log-format", "json",
		"-shutdown-timeout", "3s", "-migrate",
	}, io.Discard)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:9000", cfg.Addr)
	require.Equal(t, 4, cfg.Workers)
	require.Equal(t, 3*time.Second, cfg.ShutdownTimeout)
	require.Equal(t, "postgres://from-env/db", cfg.Store.DatabaseURL)
	require.True(t, cfg.Store.Migrate)

	cfg, _, err = parseFlags([]string{"-database-url", "postgres://from-flag/db"}, io.Discard)
	require.NoError(t, err)
	require.Equal(t, "postgres://from-flag/db", cfg.Store.DatabaseURL)
}

func TestParseFlagsInvalid(t *testing.T) {
	t.Setenv("DATABASE_URL", "")

	for _, args := range [][]string{
		{"-workers", "0"},
		{"-log-level", "loud"},
		{"-log-format", "xml"},
		{"-addr"},
	} {
		_, _, err := parseFlags(args, io.Discard)
		require.Error(t, err, "%v", args)
	}
}

func TestParseFlagsHelpHidesDatabaseURL(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://user:db-password@db/app")

	var output strings.Builder
	_, _, err := parseFlags([]string{"-help"}, &output)
	require.ErrorIs(t, err, flag.ErrHelp)
	require.Contains(t, output.String(), "-database-url")
	require.NotContains(t, output.String(), "db-password")
}
