-- +goose Up
-- workoutflow_record_workout records a workout like workoutflow_insert_workout
-- (same replay rules and locks) and, in the same transaction, writes the
-- record's row of workout_tracking_log: status 'succeeded', or 'replayed'
-- against the earlier workout when the call repeats one. A new workout's
-- queue row links the row through tracking_log_id. The Go adapter calls it,
-- so a recorded workout never lacks its log entry. processing_time_ms stays
-- NULL because the duration of the call is not known inside it.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_record_workout(
    p_id uuid, p_user_id uuid, p_client_workout_id text, p_name text, p_type text,
    p_date timestamptz, p_duration_minutes integer, p_notes text, p_image_urls text[],
    p_challenge_id uuid, p_idempotency_key text, p_points integer, p_stages text[],
    p_replay_window interval, p_now timestamptz, p_notify boolean,
    p_log_id uuid, p_request jsonb, p_client_info jsonb
)
RETURNS TABLE (
    replayed boolean, id uuid, user_id uuid, workout_id text, workout_name text,
    workout_type text, date timestamptz, duration_minutes integer, notes text,
    image_urls text[], challenge_id uuid, idempotency_key text, points integer,
    created_at timestamptz, updated_at timestamptz
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
        INSERT INTO workout_tracking_log (
            id, workout_id, user_id, challenge_id, action, status, request_data, client_info, created_at)
        SELECT p_log_id, w.id, w.user_id, w.challenge_id, 'record', 'replayed',
               coalesce(p_request, '{}'::jsonb), p_client_info, p_now
          FROM workout_records w
         WHERE w.id = v_earlier;
        RETURN QUERY
            SELECT true, w.id, w.user_id, w.workout_id, w.workout_name, w.workout_type, w.date,
                   w.duration_minutes, w.notes, w.image_urls, w.challenge_id, w.idempotency_key,
                   w.points, w.created_at, w.updated_at
              FROM workout_records w
             WHERE w.id = v_earlier;
        RETURN;
    END IF;

    INSERT INTO workout_processing_queue (workout_id, user_id, challenge_id, tracking_log_id, created_at)
    VALUES (p_id, p_user_id, p_challenge_id, p_log_id, p_now);

    INSERT INTO workout_tracking_log (
        id, workout_id, user_id, challenge_id, action, status, request_data, client_info, created_at)
    VALUES (
        p_log_id, p_id, p_user_id, p_challenge_id, 'record', 'succeeded',
        coalesce(p_request, '{}'::jsonb), p_client_info, p_now);

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

-- +goose Down
DROP FUNCTION IF EXISTS workoutflow_record_workout(uuid, uuid, text, text, text, timestamptz, integer,
    text, text[], uuid, text, integer, text[], interval, timestamptz, boolean, uuid, jsonb, jsonb);
