-- +goose Up
-- Monitoring in SQL: the health of each stage from the processing log and
-- from the job table, for dashboards and for operators with psql.

-- workoutflow_stage_stats summarizes the stage attempts that ended in
-- (p_since, p_until]: counts by outcome, and the mean and nearest-rank
-- percentiles of processing_time_ms. Actions that are not stage runs
-- (record, update, delete, recovery, retry) are left out.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_stage_stats(p_since timestamptz, p_until timestamptz)
RETURNS TABLE (
    stage text,
    attempts bigint,
    succeeded bigint,
    skipped bigint,
    failed bigint,
    dead bigint,
    failure_rate double precision,
    mean_ms double precision,
    p50_ms integer,
    p95_ms integer,
    p99_ms integer
)
LANGUAGE sql
STABLE
SET search_path FROM CURRENT
AS $$
    SELECT l.action,
           count(*),
           count(*) FILTER (WHERE l.status = 'succeeded'),
           count(*) FILTER (WHERE l.status = 'skipped'),
           count(*) FILTER (WHERE l.status = 'failed'),
           count(*) FILTER (WHERE l.status = 'dead'),
           count(*) FILTER (WHERE l.status IN ('failed', 'dead'))::double precision / count(*),
           avg(coalesce(l.processing_time_ms, 0))::double precision,
           percentile_disc(0.50) WITHIN GROUP (ORDER BY coalesce(l.processing_time_ms, 0)),
           percentile_disc(0.95) WITHIN GROUP (ORDER BY coalesce(l.processing_time_ms, 0)),
           percentile_disc(0.99) WITHIN GROUP (ORDER BY coalesce(l.processing_time_ms, 0))
      FROM workout_tracking_log AS l
     WHERE l.created_at > p_since AND l.created_at <= p_until
       AND l.action NOT IN ('record', 'update', 'delete', 'recovery', 'retry')
       AND l.status IN ('succeeded', 'skipped', 'failed', 'dead')
     GROUP BY l.action
$$;
-- +goose StatementEnd

CREATE OR REPLACE VIEW workoutflow_stage_stats_last_hour AS
    SELECT * FROM workoutflow_stage_stats(now() - interval '1 hour', now());

CREATE OR REPLACE VIEW workoutflow_queue_stats AS
    SELECT stage,
           count(*) FILTER (WHERE state = 'pending') AS pending,
           count(*) FILTER (WHERE state = 'running') AS running,
           count(*) FILTER (WHERE state = 'done') AS done,
           count(*) FILTER (WHERE state = 'dead') AS dead,
           now() - min(created_at) FILTER (WHERE state IN ('pending', 'running')) AS oldest_pending_age
      FROM workoutflow_jobs
     GROUP BY stage;
