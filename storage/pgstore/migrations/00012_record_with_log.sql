-- +goose Up
-- workoutflow_record_workout records a workout like workoutflow_insert_workout
-- and, in the same transaction, writes the record's row of
-- workout_tracking_log (status 'succeeded', or 'replayed' when the call
-- repeats an earlier workout) and links a new workout's queue row to it
-- through tracking_log_id. The Go adapter calls it, so a recorded workout
-- never lacks its log entry. processing_time_ms stays NULL because the
-- duration of the call is not known inside it.
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
    r record;
BEGIN
    SELECT * INTO r
      FROM workoutflow_insert_workout(
        p_id, p_user_id, p_client_workout_id, p_name, p_type, p_date, p_duration_minutes,
        p_notes, p_image_urls, p_challenge_id, p_idempotency_key, p_points, p_stages,
        p_replay_window, p_now, p_notify);

    INSERT INTO workout_tracking_log (
        id, workout_id, user_id, challenge_id, action, status, request_data, client_info, created_at)
    VALUES (
        p_log_id, r.id, r.user_id, r.challenge_id, 'record',
        CASE WHEN r.replayed THEN 'replayed' ELSE 'succeeded' END,
        coalesce(p_request, '{}'::jsonb), p_client_info, p_now);

    IF NOT r.replayed THEN
        UPDATE workout_processing_queue AS q SET tracking_log_id = p_log_id WHERE q.workout_id = r.id;
    END IF;

    RETURN QUERY SELECT r.replayed, r.id, r.user_id, r.workout_id, r.workout_name, r.workout_type,
        r.date, r.duration_minutes, r.notes, r.image_urls, r.challenge_id, r.idempotency_key,
        r.points, r.created_at, r.updated_at;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION IF EXISTS workoutflow_record_workout(uuid, uuid, text, text, text, timestamptz, integer,
    text, text[], uuid, text, integer, text[], interval, timestamptz, boolean, uuid, jsonb, jsonb);
