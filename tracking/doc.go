// Package tracking is the processing log of workoutflow: every record, stage
// attempt, retry and recovery action becomes an Event handed to a Tracker.
//
// Memory keeps events in memory and computes per-stage statistics (failure
// rate, mean and percentile processing times) that WithQueue merges with the
// queue's pending, running and dead counts. The PostgreSQL adapter provides
// a Tracker that writes workout_tracking_log.
//
// A Tracker never fails the step it records: an implementation that cannot
// store an event counts and logs the failure itself.
package tracking
