-- +goose Up
-- Faster hot paths, found by the benchmark in examples/bench.
--
-- 1. A NOTIFY takes a database-wide lock at commit and holds it until the
--    commit record is flushed, so transactions that notify commit one at a
--    time and lose group commit. workoutflow_insert_workout gains a
--    p_notify parameter: the Go adapter passes false and sends coalesced
--    wakeups itself after the commit, while the 15-parameter form that the
--    SQL callers use keeps notifying.
-- 2. workoutflow_complete_job completes a leased job in one call instead of
--    a transaction of three statements.
-- 3. An index in claim order lets a claim read the first due pending jobs
--    instead of sorting every pending job.

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_insert_workout(
    p_id uuid,
    p_user_id uuid,
    p_client_workout_id text,
    p_name text,
    p_type text,
    p_date timestamptz,
    p_duration_minutes integer,
    p_notes text,
    p_image_urls text[],
    p_challenge_id uuid,
    p_idempotency_key text,
    p_points integer,
    p_stages text[],
    p_replay_window interval,
    p_now timestamptz,
    p_notify boolean
)
RETURNS TABLE (
    replayed boolean,
    id uuid,
    user_id uuid,
    workout_id text,
    workout_name text,
    workout_type text,
    date timestamptz,
    duration_minutes integer,
    notes text,
    image_urls text[],
    challenge_id uuid,
    idempotency_key text,
    points integer,
    created_at timestamptz,
    updated_at timestamptz
)
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
#variable_conflict use_column
DECLARE
    v_earlier uuid;
BEGIN
    IF p_idempotency_key IS NULL AND p_replay_window > interval '0' THEN
        -- 74310 is this library's namespace for the per-user replay lock.
        PERFORM pg_advisory_xact_lock(74310, hashtext(p_user_id::text));
        SELECT w.id INTO v_earlier
          FROM workout_records w
         WHERE w.user_id = p_user_id
           AND w.created_at >= p_now - p_replay_window
           AND w.workout_name = p_name
           AND w.workout_type = p_type
           AND w.duration_minutes = p_duration_minutes
           AND w.challenge_id IS NOT DISTINCT FROM p_challenge_id
           AND coalesce(w.notes, '') = p_notes
           AND w.date BETWEEN p_date - p_replay_window AND p_date + p_replay_window
         ORDER BY w.created_at, w.id
         LIMIT 1;
    END IF;

    IF v_earlier IS NULL THEN
        INSERT INTO workout_records AS w (
            id, user_id, workout_id, workout_name, workout_type, date,
            duration_minutes, notes, image_urls, challenge_id, idempotency_key,
            points, is_completed, completion_status, created_at, updated_at)
        VALUES (
            p_id, p_user_id, p_client_workout_id, p_name, p_type, p_date,
            p_duration_minutes, p_notes, p_image_urls, p_challenge_id, p_idempotency_key,
            p_points, true, 'completed', p_now, p_now)
        ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING;

        IF NOT FOUND THEN
            -- A statement started after the conflicting insert committed,
            -- so this one sees the earlier row.
            SELECT w.id INTO v_earlier
              FROM workout_records w
             WHERE w.user_id = p_user_id AND w.idempotency_key = p_idempotency_key;
        END IF;
    END IF;

    IF v_earlier IS NOT NULL THEN
        RETURN QUERY
            SELECT true, w.id, w.user_id, w.workout_id, w.workout_name, w.workout_type, w.date,
                   w.duration_minutes, w.notes, w.image_urls, w.challenge_id, w.idempotency_key,
                   w.points, w.created_at, w.updated_at
              FROM workout_records w
             WHERE w.id = v_earlier;
        RETURN;
    END IF;

    INSERT INTO workout_processing_queue (workout_id, user_id, challenge_id, created_at)
    VALUES (p_id, p_user_id, p_challenge_id, p_now);

    INSERT INTO workoutflow_jobs (
        workout_id, stage, user_id, challenge_ids, reason, state, run_at, created_at, updated_at)
    SELECT p_id, s.stage, p_user_id,
           CASE WHEN p_challenge_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[p_challenge_id] END,
           'recorded', 'pending', p_now, p_now, p_now
      FROM (SELECT DISTINCT unnest(p_stages) AS stage) AS s;

    IF p_notify AND cardinality(p_stages) > 0 THEN
        PERFORM pg_notify('workoutflow_jobs', '');
    END IF;

    -- The inserted row is returned from the parameters, which saves a
    -- look-up of the row just written.
    RETURN QUERY
        SELECT false, p_id, p_user_id, p_client_workout_id, p_name, p_type, p_date,
               p_duration_minutes, p_notes, p_image_urls, p_challenge_id, p_idempotency_key,
               p_points, p_now, p_now;
END
$$;
-- +goose StatementEnd

-- The earlier 15-parameter form now calls the one above and keeps sending
-- the NOTIFY.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_insert_workout(
    p_id uuid, p_user_id uuid, p_client_workout_id text, p_name text, p_type text,
    p_date timestamptz, p_duration_minutes integer, p_notes text, p_image_urls text[],
    p_challenge_id uuid, p_idempotency_key text, p_points integer, p_stages text[],
    p_replay_window interval, p_now timestamptz
)
RETURNS TABLE (
    replayed boolean, id uuid, user_id uuid, workout_id text, workout_name text,
    workout_type text, date timestamptz, duration_minutes integer, notes text,
    image_urls text[], challenge_id uuid, idempotency_key text, points integer,
    created_at timestamptz, updated_at timestamptz
)
LANGUAGE sql
SET search_path FROM CURRENT
AS $$
    SELECT * FROM workoutflow_insert_workout(
        p_id, p_user_id, p_client_workout_id, p_name, p_type, p_date, p_duration_minutes,
        p_notes, p_image_urls, p_challenge_id, p_idempotency_key, p_points, p_stages,
        p_replay_window, p_now, true);
$$;
-- +goose StatementEnd

-- workoutflow_complete_job marks a leased job done and returns 'done';
-- removes the leased job of a deleted workout and returns 'deleted'; or
-- changes nothing and returns 'lost' when the caller no longer holds the
-- lease. The queue row is locked first, as in every transaction that
-- changes a job and its queue row, so that the completions of two stages
-- of one workout run one after the other and the later one sets
-- processed_at.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_complete_job(
    p_workout_id uuid, p_stage text, p_owner text, p_token bigint, p_now timestamptz
)
RETURNS text
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM 1 FROM workout_processing_queue WHERE workout_id = p_workout_id FOR UPDATE;

    UPDATE workoutflow_jobs AS j
       SET state = 'done', last_error = NULL, owner = NULL, lease_expires_at = NULL,
           challenge_ids = CASE WHEN w.challenge_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[w.challenge_id] END,
           updated_at = p_now
      FROM workout_records AS w
     WHERE w.id = j.workout_id
       AND j.workout_id = p_workout_id AND j.stage = p_stage AND j.state = 'running'
       AND j.owner = p_owner AND j.token = p_token;

    IF NOT FOUND THEN
        DELETE FROM workoutflow_jobs AS j
         WHERE j.workout_id = p_workout_id AND j.stage = p_stage AND j.state = 'running'
           AND j.owner = p_owner AND j.token = p_token
           AND NOT EXISTS (SELECT 1 FROM workout_records WHERE id = p_workout_id);
        IF FOUND THEN
            RETURN 'deleted';
        END IF;
        RETURN 'lost';
    END IF;

    UPDATE workout_processing_queue AS q
       SET processed_for_ranking = coalesce(q.processed_for_ranking, false) OR p_stage = 'ranking',
           processed_for_dashboard = coalesce(q.processed_for_dashboard, false) OR p_stage = 'dashboard',
           processed_at = CASE WHEN d.all_done THEN p_now ELSE q.processed_at END,
           processing_error = CASE WHEN d.all_done THEN NULL ELSE q.processing_error END
      FROM (SELECT NOT EXISTS (
                SELECT 1 FROM workoutflow_jobs
                 WHERE workout_id = p_workout_id AND state <> 'done')) AS d(all_done)
     WHERE q.workout_id = p_workout_id;
    RETURN 'done';
END
$$;
-- +goose StatementEnd

CREATE INDEX IF NOT EXISTS workoutflow_jobs_pending_order
    ON workoutflow_jobs (run_at, created_at, workout_id, stage) WHERE state = 'pending';
