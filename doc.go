// Package workoutflow records fitness workouts durably and fast, then
// updates challenge rankings and user dashboards in independent stages.
//
// A service calls Flow.Pipeline.Record on the request path: the workout and
// its processing-queue row are written in one transaction and the call
// returns without waiting for any stage. Workers (Flow.Start, in this
// process or in others sharing the same PostgreSQL) claim the queued jobs
// under a lease. They run the ranking stage (check-ins, points, streaks,
// completion, positions) and the dashboard stage (the user's totals) on
// their own. A failing or slow stage is retried with backoff, then marked
// dead, and never affects recording or the other stage. Every step is
// handed to a tracking.Tracker.
//
// Packages:
//
//   - workout: the Workout type, validation, the Recorder, the Stage
//     interface, the Pipeline and its workers.
//   - ranking: challenge check-in rules, the ranking stage and the
//     challenge Service.
//   - dashboard: the dashboard rules, stage and Service.
//   - tracking: the processing log and per-stage statistics.
//   - recovery: diagnosis and repair of unprocessed or drifted results.
//   - compat: the legacy calls of the shipped mobile app.
//   - storage/memstore and storage/pgstore: the in-memory and PostgreSQL
//     adapters, which pass the same conformance suite (storage/storagetest).
//
// New wires the pipeline with both built-in stages for stores that, like
// the two adapters, implement every storage interface.
package workoutflow
