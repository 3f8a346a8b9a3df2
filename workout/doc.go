// Package workout records fitness workouts durably and runs the stages that
// follow a record (ranking, dashboard, and any stage a user adds) on their
// own, with retries and a processing log.
//
// # Recording
//
// The request path calls Pipeline.Record, which validates the workout and
// stores it together with its processing-queue row and one job per stage in
// one transaction, and returns at once. It never waits for a stage and never
// fails because a stage fails.
//
// Validate rejects a workout, naming every invalid field in a
// *ValidationError, when the user id is missing; the duration is outside 1 to
// 1440 minutes; the date is missing, before MinDate or more than
// Config.FutureTolerance (default one hour) in the future; the name or type is
// blank after trimming or longer than 200 or 60 characters; the notes are
// longer than 2000 characters; or any text is not valid UTF-8 or holds a NUL
// character, which PostgreSQL cannot store. Old dates are valid (offline sync
// and imports); whether they earn anything is for the stages to decide. The
// client's own workout id is stored as text of up to 2000 characters and
// need not be a UUID. Nothing is stored for a rejected workout.
//
// Recording is idempotent. A workout with an idempotency key returns the
// first workout the same user recorded with that key. Without a key, a
// workout identical to one the user recorded at most Config.ReplayWindow ago
// (default 60 seconds: same name, type, duration, challenge and notes, and a
// date at most the window apart) is a replay of it. Concurrent identical
// calls store one workout and all get its id.
//
// # Stages and workers
//
// Workers, in the same process or in others sharing the store, claim the
// queued jobs under a lease (Config.Lease, default 10 seconds) that they
// extend while they run, and run each stage independently. A stage is a pure
// recompute of what it derives for the job's user, so running a job twice has
// the effect of running it once. A failed or panicking attempt is retried
// after an exponential backoff with jitter (RetryPolicy) and the job is marked
// dead after StageConfig.MaxAttempts; dead jobs stay visible and Retry sends
// them back. A crashed worker's jobs are taken over when their lease ends, and
// the late result of a worker that lost its lease is rejected. When the store
// is a Locker, one stage's jobs for one user run one at a time.
//
// Update and Delete change a stored workout and queue every stage again, so
// the results match what in-order arrival would have given.
package workout
