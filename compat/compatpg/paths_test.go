package compatpg_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow"
	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/compat/compathttp"
	"github.com/rayclub/workoutflow/compat/compattest"
	"github.com/rayclub/workoutflow/storage/pgstore"
)

var testSecret = []byte("compatpg-test-secret")

// The PostgreSQL adapter serves as the Service's CheckInAnnouncer.
var _ compat.CheckInAnnouncer = (*pgstore.Store)(nil)

// pgBundle is one migrated database with the Go service over it.
type pgBundle struct {
	store   *pgstore.Store
	pool    *pgxpool.Pool
	flow    *workoutflow.Flow
	service *compat.Service
}

func setup(t *testing.T) *pgBundle {
	t.Helper()
	ctx := context.Background()
	dsn := migrated.NewDatabase(t)

	store, err := pgstore.New(ctx, pgstore.Config{DSN: dsn, Logger: quiet})
	require.NoError(t, err)
	t.Cleanup(store.Close)
	pool, err := pgxpool.New(ctx, dsn)
	require.NoError(t, err)
	t.Cleanup(pool.Close)

	flow, err := workoutflow.New(workoutflow.Config{Store: store})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, flow.Stop(context.Background())) })
	service, err := compat.NewService(compat.Config{Pipeline: flow.Pipeline, Store: store, Logger: quiet})
	require.NoError(t, err)
	return &pgBundle{store: store, pool: pool, flow: flow, service: service}
}

func (b *pgBundle) env(caller compattest.Caller, typed bool) compattest.Env {
	return compattest.Env{
		Caller: caller, Fixtures: b.store, Workouts: b.store.UserWorkouts,
		Now: time.Now(), TypedParams: typed,
	}
}

// serviceEnv, httpEnv and sqlEnv are the three paths on a new database.
func serviceEnv(t *testing.T) compattest.Env {
	b := setup(t)
	return b.env(compattest.ServiceCaller{Service: b.service}, false)
}

func httpEnv(t *testing.T) compattest.Env {
	b := setup(t)
	handler, err := compathttp.NewHandler(compathttp.Config{Service: b.service, JWTSecret: testSecret, Logger: quiet})
	require.NoError(t, err)
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	return b.env(compattest.HTTPCaller{BaseURL: server.URL, Secret: testSecret, Client: server.Client()}, false)
}

func sqlEnv(t *testing.T) compattest.Env {
	b := setup(t)
	return b.env(sqlCaller{pool: b.pool}, true)
}

func TestSharedCasesOnThreePaths(t *testing.T) {
	paths := []struct {
		name   string
		newEnv func(t *testing.T) compattest.Env
	}{{"service", serviceEnv}, {"http", httpEnv}, {"sql", sqlEnv}}

	for _, c := range compattest.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			replies := map[string][]any{}
			for _, path := range paths {
				t.Run(path.name, func(t *testing.T) {
					replies[path.name] = compattest.NormalizeReplies(c.Replies(t, path.newEnv(t)))
				})
			}
			if c.MalformedTypedValue || t.Failed() {
				return
			}
			require.Equal(t, replies["service"], replies["sql"], "replies of the Go service and the SQL functions")
			require.Equal(t, replies["service"], replies["http"], "replies of the Go service and the HTTP handler")
		})
	}
}
