-- +goose Up
-- The processing queue and log that the app polls, and the library's own
-- per-stage job table. A database may already have the queue and the log
-- with some of these columns, so every column is also added on its own.

CREATE TABLE IF NOT EXISTS workout_processing_queue (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workout_id uuid NOT NULL UNIQUE REFERENCES workout_records (id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    challenge_id uuid,
    processed_for_ranking boolean DEFAULT false,
    processed_for_dashboard boolean DEFAULT false,
    processing_error text,
    tracking_log_id uuid,
    created_at timestamptz DEFAULT now(),
    processed_at timestamptz
);
ALTER TABLE workout_processing_queue ADD COLUMN IF NOT EXISTS challenge_id uuid;
ALTER TABLE workout_processing_queue ADD COLUMN IF NOT EXISTS processed_for_ranking boolean DEFAULT false;
ALTER TABLE workout_processing_queue ADD COLUMN IF NOT EXISTS processed_for_dashboard boolean DEFAULT false;
ALTER TABLE workout_processing_queue ADD COLUMN IF NOT EXISTS processing_error text;
ALTER TABLE workout_processing_queue ADD COLUMN IF NOT EXISTS tracking_log_id uuid;
ALTER TABLE workout_processing_queue ADD COLUMN IF NOT EXISTS created_at timestamptz DEFAULT now();
ALTER TABLE workout_processing_queue ADD COLUMN IF NOT EXISTS processed_at timestamptz;

CREATE TABLE IF NOT EXISTS workout_tracking_log (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workout_id uuid,
    user_id uuid NOT NULL,
    challenge_id uuid,
    action text NOT NULL,
    status text NOT NULL,
    request_data jsonb NOT NULL,
    response_data jsonb,
    error_message text,
    error_detail text,
    stack_trace text,
    processing_time_ms integer,
    created_at timestamptz DEFAULT now(),
    client_info jsonb,
    is_exported boolean DEFAULT false
);
ALTER TABLE workout_tracking_log ADD COLUMN IF NOT EXISTS challenge_id uuid;
ALTER TABLE workout_tracking_log ADD COLUMN IF NOT EXISTS response_data jsonb;
ALTER TABLE workout_tracking_log ADD COLUMN IF NOT EXISTS error_message text;
ALTER TABLE workout_tracking_log ADD COLUMN IF NOT EXISTS error_detail text;
ALTER TABLE workout_tracking_log ADD COLUMN IF NOT EXISTS stack_trace text;
ALTER TABLE workout_tracking_log ADD COLUMN IF NOT EXISTS processing_time_ms integer;
ALTER TABLE workout_tracking_log ADD COLUMN IF NOT EXISTS created_at timestamptz DEFAULT now();
ALTER TABLE workout_tracking_log ADD COLUMN IF NOT EXISTS client_info jsonb;
ALTER TABLE workout_tracking_log ADD COLUMN IF NOT EXISTS is_exported boolean DEFAULT false;
CREATE INDEX IF NOT EXISTS workout_tracking_log_workout_created
    ON workout_tracking_log (workout_id, created_at);
CREATE INDEX IF NOT EXISTS workout_tracking_log_created
    ON workout_tracking_log (created_at);

-- One job per workout and stage. There is no foreign key to
-- workout_records: the jobs of a deleted workout must outlive it to undo
-- what it contributed. token grows with every claim and requeue and fences
-- out workers that lost their lease.
CREATE TABLE IF NOT EXISTS workoutflow_jobs (
    workout_id uuid NOT NULL,
    stage text NOT NULL,
    user_id uuid NOT NULL,
    challenge_ids uuid[] NOT NULL DEFAULT '{}',
    reason text NOT NULL,
    state text NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'running', 'done', 'dead')),
    attempt integer NOT NULL DEFAULT 0,
    token bigint NOT NULL DEFAULT 0,
    owner text,
    run_at timestamptz NOT NULL,
    lease_expires_at timestamptz,
    last_error text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (workout_id, stage)
);
-- Claims read only due jobs: pending ones by run_at, running ones by the
-- end of their lease.
CREATE INDEX IF NOT EXISTS workoutflow_jobs_pending_due
    ON workoutflow_jobs (stage, run_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS workoutflow_jobs_running_lease
    ON workoutflow_jobs (stage, lease_expires_at) WHERE state = 'running';
CREATE INDEX IF NOT EXISTS workoutflow_jobs_dead
    ON workoutflow_jobs (stage, updated_at) WHERE state = 'dead';

-- Challenges whose positions need a refresh. version grows with every
-- result saved, so a refresh removes the marker only when no result
-- arrived after it read the progress rows.
CREATE TABLE IF NOT EXISTS workoutflow_stale_positions (
    challenge_id uuid PRIMARY KEY,
    version bigint NOT NULL DEFAULT 1,
    marked_at timestamptz NOT NULL
);
