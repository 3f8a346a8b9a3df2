package pgtest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// templateSetupTimeout bounds Template.Setup.
const templateSetupTimeout = 5 * time.Minute

// NewDatabase creates an empty database for the test and returns its
// connection string. The database is dropped when the test ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	return requireCluster(t).createDatabase(t, "")
}

// Template is a database prepared once per test binary, for example
// migrated, that NewDatabase copies for each test. Copying a prepared
// database is much faster than preparing each one. Declare templates as
// package variables with only Setup set.
type Template struct {
	// Setup prepares the template database whose connection string it
	// gets. It must close every connection it opened before it returns,
	// because PostgreSQL copies only a database without connections. Any
	// connection still open afterwards is terminated.
	Setup func(ctx context.Context, dsn string) error

	once     sync.Once
	database string
	err      error
}

// NewDatabase creates a copy of the template for the test and returns its
// connection string. The first call prepares the template. When that fails,
// every test using the template fails with the error.
func (tpl *Template) NewDatabase(t testing.TB) string {
	t.Helper()
	c := requireCluster(t)

	tpl.once.Do(func() { tpl.database, tpl.err = c.createTemplate(tpl.Setup) })
	if tpl.err != nil {
		t.Fatalf("pgtest: prepare template database: %v", tpl.err)
	}
	return c.createDatabase(t, tpl.database)
}

func (c *cluster) createTemplate(setup func(ctx context.Context, dsn string) error) (string, error) {
	name := c.nextName("template")
	c.mu.Lock()
	err := c.exec("CREATE DATABASE " + name)
	if err == nil {
		c.templates = append(c.templates, name)
	}
	c.mu.Unlock()
	if err != nil {
		return "", err
	}

	if setup != nil {
		ctx, cancel := context.WithTimeout(context.Background(), templateSetupTimeout)
		defer cancel()
		if err := setup(ctx, c.dsn(name)); err != nil {
			return "", fmt.Errorf("set up %s: %w", name, err)
		}
	}

	terminate := fmt.Sprintf("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s'", name)
	if err := c.exec(terminate); err != nil {
		return "", err
	}
	return name, nil
}
