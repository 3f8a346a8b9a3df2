// Package pgstore is the PostgreSQL storage adapter of workoutflow. It
// implements workout.Store, workout.Notifier, workout.Locker,
// workout.LeaderElector, ranking.Store, dashboard.Store and recovery.Store,
// which is all the legacy service (package compat) needs. It passes the same conformance suites
// (storage/storagetest, recovery/recoverytest) as the in-memory adapter.
//
// # Connections
//
// New takes exactly one of a connection string, the service's pgx pool or
// its sqlx handle (opened with the pgx stdlib driver), so that a service can
// share the connections it already has:
//
//	store, err := pgstore.New(ctx, pgstore.Config{DSN: os.Getenv("DATABASE_URL")})
//	if err != nil { ... }
//	defer store.Close()
//	if err := store.Migrate(ctx); err != nil { ... }
//
// Every query runs on pgx/v5, also under a sqlx handle, where the adapter
// borrows the pgx connection beneath database/sql. pgx gives what the hot
// paths need: binary encoding of uuid, timestamptz and array parameters,
// batches that send several statements in one round trip, COPY for the
// processing log (see Tracker), LISTEN/NOTIFY on a dedicated connection,
// and row-to-struct scanning by column name
// (pgx.RowToStructByName), which makes sqlx's scanning unnecessary. sqlx is
// accepted as an input handle only. Driver errors are translated to the
// storage sentinels in one function (translate).
//
// # Schema
//
// Migrate applies the embedded goose migrations (see Migrations and
// MigrationSQL). They create the legacy tables the app reads when they are
// missing, add the library's columns to them, and add the processing queue,
// the processing log, the job table workoutflow_jobs (one row per workout
// and stage, with lease owner, fencing token, attempts and next run time)
// and the stale-positions marker table. Every statement is idempotent and
// keeps existing rows, so Migrate is safe on a legacy database. The tables
// live in Config.Schema, public by default, which the Store sets as the
// search_path of the connections it opens.
//
// All times are stored as timestamptz, with microsecond precision, and read
// back in UTC. A check-in's local day is computed by the library in the
// challenge's zone and stored in check_in_day, so no rule depends on the
// session's TimeZone setting.
//
// # Monitoring
//
// NewTracker returns a tracking.Tracker that writes workout_tracking_log.
// Stats and the SQL function workoutflow_stage_stats compute each stage's
// failure rate and processing-time percentiles from that log, and the views
// workoutflow_stage_stats_last_hour and workoutflow_queue_stats show the
// same figures and the queue's job counts to operators.
//
// # Concurrency
//
// Several processes may share one database:
//
//   - InsertWorkout is one call to a function the migrations install, so a
//     workout, its queue row and its jobs commit together in one round trip.
//     Replays are decided by the database: a unique index on (user_id,
//     idempotency_key), and a per-user advisory lock around the look-up of
//     an identical workout when there is no key.
//   - ClaimJobs leases jobs with one UPDATE over a FOR UPDATE SKIP LOCKED
//     selection, taking over jobs whose lease has ended. CompleteJob,
//     FailJob and ExtendLeases match the owner and the token, so a worker
//     that lost its lease gets storage.ErrLeaseLost and changes nothing.
//   - RefreshPositions ranks a challenge in one UPDATE under a per-challenge
//     advisory lock, and SaveUserResult writes only one user's rows, so the
//     two never deadlock.
//   - Wakeups listens on a connection of its own and reconnects with backoff.
//   - Lock holds session advisory locks on a small pool of its own.
//   - TryLead elects one maintenance runner with a lease row.
package pgstore
