package pgstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// querier is the query interface shared by a pool, a connection and a
// transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Begin(ctx context.Context) (pgx.Tx, error)
	CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, rows pgx.CopyFromSource) (int64, error)
}

// handle gives the Store connections from the pool or the database/sql
// handle it was configured with.
type handle interface {
	// run calls fn with a querier that is valid until fn returns.
	run(ctx context.Context, fn func(q querier) error) error
	// connConfig returns a copy of the configuration of the handle's
	// connections, for the connections the Store dedicates to LISTEN and
	// to locks.
	connConfig(ctx context.Context) (*pgx.ConnConfig, error)
	// sqlDB returns a database/sql handle on the same connections, for the
	// migrations, and the function that releases it.
	sqlDB() (*sql.DB, func() error)
	// close closes the connections the Store opened itself.
	close()
}

// poolHandle runs queries on a pgx pool.
type poolHandle struct {
	pool *pgxpool.Pool
	// owned is set when the Store opened the pool and must close it.
	owned bool
}

func (h poolHandle) run(ctx context.Context, fn func(q querier) error) error {
	return fn(h.pool)
}

func (h poolHandle) connConfig(context.Context) (*pgx.ConnConfig, error) {
	return h.pool.Config().ConnConfig, nil
}

func (h poolHandle) sqlDB() (*sql.DB, func() error) {
	db := stdlib.OpenDBFromPool(h.pool)
	return db, db.Close
}

func (h poolHandle) close() {
	if h.owned {
		h.pool.Close()
	}
}

// sqlHandle runs queries on the pgx connections under a database/sql
// handle, so that the service's connection limits apply.
type sqlHandle struct {
	db *sql.DB
}

func (h sqlHandle) run(ctx context.Context, fn func(q querier) error) error {
	conn, err := h.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()

	return conn.Raw(func(driverConn any) error {
		stdlibConn, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("database/sql connection of type %T is not from the pgx stdlib driver", driverConn)
		}
		return fn(stdlibConn.Conn())
	})
}

func (h sqlHandle) connConfig(ctx context.Context) (*pgx.ConnConfig, error) {
	var config *pgx.ConnConfig
	err := h.run(ctx, func(q querier) error {
		config = q.(*pgx.Conn).Config()
		return nil
	})
	return config, err
}

func (h sqlHandle) sqlDB() (*sql.DB, func() error) {
	return h.db, func() error { return nil }
}

func (h sqlHandle) close() {}
