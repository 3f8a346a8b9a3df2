// Package workout records fitness workouts durably and runs the stages that
// follow a record (ranking, dashboard, and any stage a user adds) on their
// own, with retries and a processing log.
//
// The request path calls Pipeline.Record, which validates the workout and
// stores it together with its processing-queue row in one transaction, and
// answers at once. Workers, in the same process or in others sharing the
// store, claim the queued jobs, one per workout and stage, under a lease, and
// run each stage independently: a failing or slow stage never affects
// recording or the other stages.
package workout
