-- +goose Up
-- record_challenge_check_in_v2 replies with the points once per workout
-- and challenge. Concurrent identical calls (the app retrying, a double
-- tap) and later repeats of a call find the marker of the first reply and
-- get the "already checked in" reply instead, so the app shows the points
-- once. record_workout_basic never writes the marker, so the first
-- check-in call for a workout it saved still gets the points.
--
-- A marker may outlive its workout; retention (PurgeExpired) deletes the
-- markers older than its age, and a marker of a deleted workout is never
-- read again.
CREATE TABLE IF NOT EXISTS workoutflow_checkin_replies (
    workout_id   uuid        NOT NULL,
    challenge_id uuid        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workout_id, challenge_id)
);

-- record_challenge_check_in_v2 stores the workout of a check-in, or reuses
-- the caller's record named by _workout_id, and replies at once whether it
-- earned the day's check-in, with the rules the ranking stage applies
-- later, as compat.Service.RecordChallengeCheckInV2 does. _date is the
-- app's local wall clock labelled as UTC, so its UTC clock fields are read
-- in workoutflow_legacy_settings.legacy_zone. The calls of one user are
-- serialized with the lock the Go path takes. When the target workout owns
-- its local day's check-in, the first call that announces it gets the
-- points and later calls get the "já" reply, as they do when another
-- workout of the user owns the day.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION record_challenge_check_in_v2(
    _challenge_id uuid,
    _date timestamptz,
    _duration_minutes integer,
    _user_id uuid,
    _workout_id text DEFAULT NULL,
    _workout_name text DEFAULT NULL,
    _workout_type text DEFAULT NULL
)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    cfg workoutflow_legacy_settings;
    v_caller uuid := workoutflow_caller_uid();
    v_problems text[] := '{}';
    v_name text := workoutflow_legacy_trim(coalesce(_workout_name, ''));
    v_type text := workoutflow_legacy_trim(coalesce(_workout_type, ''));
    v_client text := coalesce(_workout_id, '');
    v_now timestamptz := now();
    v_date timestamptz;
    ch challenges;
    v_zone text;
    v_start date;
    v_end date;
    v_today date;
    v_points integer;
    v_min integer;
    v_member boolean;
    v_stored workout_records;
    v_row record;
    v_target uuid;
    v_current uuid;
    t workout_records;
    v_day date;
    v_owner uuid;
    v_check_in uuid;
    v_streak integer;
    v_announced integer;
BEGIN
    SELECT * INTO cfg FROM workoutflow_legacy_settings;

    IF _user_id IS NULL THEN
        v_problems := workoutflow_legacy_add_problem(v_problems, '_user_id', 'é obrigatório');
    END IF;
    IF _challenge_id IS NULL THEN
        v_problems := workoutflow_legacy_add_problem(v_problems, '_challenge_id', 'é obrigatório');
    END IF;
    IF _date IS NULL THEN
        v_problems := workoutflow_legacy_add_problem(v_problems, '_date', 'é obrigatório');
    ELSE
        v_date := (_date AT TIME ZONE 'UTC') AT TIME ZONE cfg.legacy_zone;
    END IF;

    IF v_caller IS NOT NULL AND _user_id IS NOT NULL AND v_caller <> _user_id THEN
        RETURN workoutflow_legacy_check_in_reply(false, 'Usuário não autorizado a registrar check-in de outro usuário',
            0, 0, false, NULL, NULL, _challenge_id, 'FORBIDDEN');
    END IF;

    -- _workout_name and _workout_type are optional when _workout_id names
    -- a record of the caller: its stored name and type stand in for them.
    -- The record is read again under the lock below.
    IF _user_id IS NOT NULL AND workoutflow_legacy_is_uuid(v_client) THEN
        SELECT * INTO v_stored FROM workout_records
         WHERE id = workoutflow_legacy_parse_uuid(v_client) AND user_id = _user_id;
        IF FOUND THEN
            v_name := coalesce(v_stored.workout_name, '');
            v_type := coalesce(v_stored.workout_type, '');
        END IF;
    END IF;

    v_problems := workoutflow_legacy_workout_problems(v_problems,
        ARRAY['_workout_name', '_workout_type', '_notes', '_workout_id', '_duration_minutes'],
        v_name, v_type, '', v_client, _duration_minutes);
    IF v_date < timestamptz '1900-01-01 00:00:00+00' THEN
        v_problems := workoutflow_legacy_add_problem(v_problems, '_date', 'é anterior a 1900-01-01');
    END IF;
    IF cardinality(v_problems) > 0 THEN
        RETURN workoutflow_legacy_check_in_reply(false, 'Dados inválidos: ' || array_to_string(v_problems, '; '),
            0, 0, false, NULL, NULL, _challenge_id, 'INVALID_INPUT');
    END IF;

    PERFORM pg_advisory_xact_lock(workoutflow_lock_id('workoutflow:user:' || _user_id::text));

    SELECT * INTO ch FROM challenges WHERE id = _challenge_id;
    IF NOT FOUND THEN
        RETURN workoutflow_legacy_check_in_reply(false, 'Desafio não encontrado',
            0, 0, false, NULL, NULL, _challenge_id, 'CHALLENGE_NOT_FOUND');
    END IF;
    v_zone := coalesce(nullif(ch.time_zone, ''), 'America/Sao_Paulo');
    v_start := (ch.start_date AT TIME ZONE v_zone)::date;
    v_end := (ch.end_date AT TIME ZONE v_zone)::date;
    v_today := (v_now AT TIME ZONE v_zone)::date;
    v_points := coalesce(nullif(ch.points_per_check_in, 0), 10);
    v_min := coalesce(nullif(ch.min_duration_minutes, 0), 45);
    v_member := EXISTS (SELECT 1 FROM challenge_participants p
                         WHERE p.challenge_id = ch.id AND p.user_id = _user_id
                           AND p.status IN ('active', 'completed'));

    -- Find the workout: the caller's record named by _workout_id, or a new
    -- or replayed recording.
    IF workoutflow_legacy_is_uuid(v_client) THEN
        SELECT * INTO v_stored FROM workout_records WHERE id = workoutflow_legacy_parse_uuid(v_client);
        IF FOUND AND v_stored.user_id = _user_id THEN
            v_target := v_stored.id;
            v_current := v_stored.challenge_id;
        END IF;
    END IF;
    IF v_target IS NULL THEN
        IF v_date > v_now + cfg.future_tolerance THEN
            RETURN workoutflow_legacy_check_in_reply(false, 'Dados inválidos: _date está no futuro',
                0, 0, false, NULL, NULL, _challenge_id, 'INVALID_INPUT');
        END IF;
        SELECT * INTO v_row FROM workoutflow_insert_workout(
            gen_random_uuid(), _user_id, v_client, v_name, v_type, v_date, _duration_minutes, '',
            NULL, _challenge_id, workoutflow_legacy_idempotency_key(v_client), 0, cfg.stages, cfg.replay_window, v_now);
        v_target := v_row.id;
        v_current := v_row.challenge_id;
    END IF;

    -- Attach the challenge to a record without one; a record of another
    -- challenge stays there.
    IF v_current IS NULL THEN
        SELECT * INTO v_stored FROM workout_records WHERE id = v_target;
        PERFORM workoutflow_legacy_update_workout(v_target, v_stored.workout_name, v_stored.workout_type,
            v_stored.date, v_stored.duration_minutes, coalesce(v_stored.notes, ''), _challenge_id, cfg.stages, v_now);
    ELSIF v_current <> _challenge_id THEN
        RETURN workoutflow_legacy_check_in_reply(false,
            'Dados inválidos: _workout_id indica um treino registrado em outro desafio',
            0, 0, false, NULL, NULL, _challenge_id, 'INVALID_INPUT');
    END IF;

    SELECT * INTO t FROM workout_records WHERE id = v_target;
    v_day := (t.date AT TIME ZONE v_zone)::date;
    IF v_member THEN
        SELECT q.id INTO v_owner
          FROM workoutflow_legacy_qualifying(ch.id, _user_id, v_zone, v_start, v_end, v_today, v_min) q
         WHERE q.day = v_day AND q.rank = 1;
        WITH days AS (
            SELECT DISTINCT q.day FROM workoutflow_legacy_qualifying(ch.id, _user_id, v_zone, v_start, v_end, v_today, v_min) q
        ), runs AS (
            SELECT d.day, d.day - (row_number() OVER (ORDER BY d.day))::integer AS run FROM days d
        )
        SELECT count(*) INTO v_streak FROM runs
         WHERE run = (SELECT r.run FROM runs r ORDER BY r.day DESC LIMIT 1);
    END IF;
    v_streak := coalesce(v_streak, 0);
    IF v_owner IS NOT NULL THEN
        v_check_in := workoutflow_check_in_id(ch.id, _user_id, v_day);
    END IF;

    IF NOT v_member THEN
        RETURN workoutflow_legacy_check_in_reply(true, 'Usuário não participa deste desafio',
            0, v_streak, false, v_check_in, v_target, ch.id, NULL);
    ELSIF v_day NOT BETWEEN v_start AND v_end OR v_day > v_today THEN
        RETURN workoutflow_legacy_check_in_reply(true, 'Treino fora do período do desafio',
            0, v_streak, false, v_check_in, v_target, ch.id, NULL);
    ELSIF v_owner IS NOT NULL AND v_owner <> v_target THEN
        RETURN workoutflow_legacy_check_in_reply(true, 'Você já registrou um check-in para este desafio hoje',
            0, v_streak, true, v_check_in, v_target, ch.id, NULL);
    ELSIF t.duration_minutes < v_min THEN
        RETURN workoutflow_legacy_check_in_reply(true, format('Duração mínima para desafios é de %s minutos.', v_min),
            0, v_streak, false, v_check_in, v_target, ch.id, NULL);
    END IF;
    -- The target owns its day's check-in. Only the first reply that
    -- announces it carries the points: a repeated or concurrent call finds
    -- the marker and gets the "já" reply.
    INSERT INTO workoutflow_checkin_replies (workout_id, challenge_id, created_at)
    VALUES (v_target, ch.id, v_now)
    ON CONFLICT (workout_id, challenge_id) DO NOTHING;
    GET DIAGNOSTICS v_announced = ROW_COUNT;
    IF v_announced = 0 THEN
        RETURN workoutflow_legacy_check_in_reply(true, 'Você já registrou um check-in para este desafio hoje',
            0, v_streak, true, v_check_in, v_target, ch.id, NULL);
    END IF;
    RETURN workoutflow_legacy_check_in_reply(true, 'Check-in registrado com sucesso',
        v_points, v_streak, false, v_check_in, v_target, ch.id, NULL);
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'record_challenge_check_in_v2 failed for user %: % (%)', _user_id, SQLERRM, SQLSTATE;
    RETURN workoutflow_legacy_check_in_reply(false, 'Erro interno ao registrar o check-in. Tente novamente.',
        0, 0, false, NULL, NULL, _challenge_id, 'INTERNAL_ERROR');
END
$$;
-- +goose StatementEnd

-- +goose Down
-- Nothing to undo on its own: 00007's Down drops the legacy functions,
-- and the marker table stays while the function of this migration writes
-- it.
