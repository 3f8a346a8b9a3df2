-- +goose Up
-- Leases for electing one maintenance runner among the processes sharing
-- the database, and indexes for the recovery scans, which look for
-- workouts and jobs created since a given time.

CREATE TABLE IF NOT EXISTS workoutflow_leases (
    name text PRIMARY KEY,
    owner text NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS workout_records_created
    ON workout_records (created_at);
CREATE INDEX IF NOT EXISTS workoutflow_jobs_created
    ON workoutflow_jobs (created_at);
