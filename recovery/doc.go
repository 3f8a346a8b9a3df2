// Package recovery finds and repairs what the processing pipeline left
// wrong, and serves the legacy operator calls built on that.
//
// A Recoverer makes four checks (see Check):
//
//   - Queue: workouts without their processing-queue row or without a job of
//     a registered stage, such as rows written straight into
//     workout_records by old SQL functions. No worker would ever process
//     them; Repair queues their missing stages.
//   - Jobs: running jobs whose lease expired (a worker crashed), failed jobs
//     waiting for their next attempt, and dead jobs. The queue takes the
//     first two over on its own; Repair sends dead jobs back when allowed.
//     "Failed" means exactly a pending job whose last attempt failed: a job
//     that merely waits is not failed, and a dead job is counted as dead
//     only.
//   - Ranking: for every (challenge, user) pair with stored results, the
//     stored check-ins, progress row and workout points are compared with
//     ranking.Evaluate over the user's stored workouts. Orphan check-ins
//     (their workout is gone), several check-ins on one local day, wrong
//     points or counts are reported; Repair saves the recompute the way the
//     ranking stage does and refreshes the positions of the challenges it
//     touched. Without Options.Since, stored positions are also compared
//     with ranking.Rank over the stored progress rows.
//   - Dashboards: every stored dashboard is compared with dashboard.Compute;
//     Repair saves the recompute.
//
// Diagnose only reports. Repair reports and repairs, logs each repair with
// its ids and tracks it as a tracking.ActionRecovery event; with
// Options.DryRun it writes nothing. Because every repair reuses the stages'
// pure recomputes, a repaired store holds the same rows as one where the
// faults never happened.
//
// RecoverRecent and RetryWorkout carry the semantics of the legacy calls
// diagnose_and_recover_workout_records and retry_workout_processing, and
// Task wraps Repair for a workout.Maintenance runner, which runs it in one
// elected process.
package recovery
