package compatpg_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/rayclub/workoutflow/internal/pgtest"
	"github.com/rayclub/workoutflow/storage/pgstore"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// quiet discards the logs of the components under test.
var quiet = slog.New(slog.DiscardHandler)

// authSchemaSQL installs a Supabase-style auth.uid() that reads the user
// id of the request from a transaction setting, as PostgREST sets it from
// the JWT's sub claim.
const authSchemaSQL = `
CREATE SCHEMA IF NOT EXISTS auth;
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;`

// migrated is a database with every migration applied and auth.uid()
// installed, copied for each test.
var migrated = &pgtest.Template{
	Setup: func(ctx context.Context, dsn string) error {
		s, err := pgstore.New(ctx, pgstore.Config{DSN: dsn, Logger: quiet})
		if err != nil {
			return err
		}
		defer s.Close()
		if err := s.Migrate(ctx); err != nil {
			return err
		}
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, authSchemaSQL)
		return err
	},
}
