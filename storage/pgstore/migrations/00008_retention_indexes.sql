-- +goose Up
-- Indexes for retention, which deletes the queue rows processed long ago
-- and the done jobs of deleted workouts, oldest first. Only finished rows
-- enter these partial indexes, so claims and heartbeats do not pay for
-- them.

CREATE INDEX IF NOT EXISTS workout_processing_queue_processed
    ON workout_processing_queue (processed_at) WHERE processed_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS workoutflow_jobs_done
    ON workoutflow_jobs (updated_at) WHERE state = 'done';
