package pgtest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// cluster is the server that test databases are created on: the local
// throwaway server, or the server of TEST_DATABASE_URL.
type cluster struct {
	// local is nil for the server of TEST_DATABASE_URL.
	local    *localServer
	adminDSN string
	psql     string
	// prefix makes the database names of this process unique on a server
	// that several test binaries share.
	prefix string

	// mu serializes CREATE DATABASE, so that copies of one template never
	// run at the same time.
	mu        sync.Mutex
	sequence  int
	templates []string
}

var (
	clusterOnce    sync.Once
	currentCluster *cluster
	clusterErr     error
)

// requireCluster returns the cluster, starting the local server on first
// use. It skips the test when no server can be had, or fails it in CI.
func requireCluster(t testing.TB) *cluster {
	t.Helper()

	clusterOnce.Do(func() { currentCluster, clusterErr = startCluster() })
	switch {
	case errors.Is(clusterErr, errNoBinaries) && os.Getenv("CI") == "true":
		t.Fatalf("pgtest: %v", clusterErr)
	case errors.Is(clusterErr, errNoBinaries):
		t.Skipf("pgtest: %v", clusterErr)
	case clusterErr != nil:
		t.Fatalf("pgtest: %v", clusterErr)
	}
	return currentCluster
}

func startCluster() (*cluster, error) {
	prefix, err := randomPrefix()
	if err != nil {
		return nil, err
	}

	if external := os.Getenv("TEST_DATABASE_URL"); external != "" {
		psql, err := findPsql()
		if err != nil {
			return nil, err
		}
		c := &cluster{adminDSN: external, psql: psql, prefix: prefix}
		if err := c.exec("SELECT 1"); err != nil {
			return nil, fmt.Errorf("connect to TEST_DATABASE_URL: %w", err)
		}
		return c, nil
	}

	local, err := startLocalServer()
	if err != nil {
		return nil, err
	}
	c := &cluster{local: local, adminDSN: local.dsn("postgres"), psql: filepath.Join(local.binDir, "psql"), prefix: prefix}
	return c, nil
}

// shutdown drops the templates and stops the local server, if they exist.
func shutdown() error {
	if currentCluster == nil {
		return nil
	}
	c := currentCluster

	if c.local != nil {
		return c.local.stop()
	}
	var firstErr error
	for _, name := range c.templates {
		if err := c.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// exec runs SQL on the admin database with psql, so that this package
// needs no database driver.
func (c *cluster) exec(sql string) error {
	cmd := exec.Command(c.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", c.adminDSN, "-c", sql)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("psql %q: %w: %s", sql, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// createDatabase creates a database, a copy of template when it is not
// empty, that is dropped when the test ends, and returns its DSN.
func (c *cluster) createDatabase(t testing.TB, template string) string {
	t.Helper()

	name := c.nextName("db")
	statement := "CREATE DATABASE " + name
	if template != "" {
		statement += " TEMPLATE " + template
	}

	c.mu.Lock()
	err := c.exec(statement)
	c.mu.Unlock()
	if err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}

	t.Cleanup(func() {
		// FORCE ends the connections a test left open.
		if err := c.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database: %v", err)
		}
	})
	return c.dsn(name)
}

func (c *cluster) nextName(kind string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sequence++
	return fmt.Sprintf("%s_%s_%d", c.prefix, kind, c.sequence)
}

// dsn returns the connection string of a database on the cluster.
func (c *cluster) dsn(database string) string {
	if c.local != nil {
		return c.local.dsn(database)
	}
	return replaceDatabase(c.adminDSN, database)
}

// replaceDatabase returns dsn, a URL or a keyword/value string, with its
// database name set to database.
func replaceDatabase(dsn, database string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err == nil {
			u.Path = "/" + database
			return u.String()
		}
	}
	// In a keyword/value string the last setting of a keyword wins.
	return dsn + " dbname=" + database
}

func findPsql() (string, error) {
	if binDir, err := findBinDir(); err == nil {
		return filepath.Join(binDir, "psql"), nil
	}
	path, err := exec.LookPath("psql")
	if err != nil {
		return "", errors.New("psql not found; install it with `apt-get install postgresql-client`")
	}
	return path, nil
}

func randomPrefix() (string, error) {
	random := make([]byte, 4)
	if _, err := rand.Read(random); err != nil {
		return "", fmt.Errorf("make database name prefix: %w", err)
	}
	return "workoutflow_" + hex.EncodeToString(random), nil
}
