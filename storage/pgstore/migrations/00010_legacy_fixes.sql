-- +goose Up
-- Fixes of the legacy SQL functions, replacing only the functions that
-- change, with the signatures of 00007:
--
-- 1. A client workout id (p_workout_id, _workout_id) is stored as given
--    and may hold up to 2000 characters. An id longer than 200 characters
--    no longer fails the call: its idempotency key is "sha256:" and the
--    hex SHA-256 of the id, as compat derives it.
-- 2. record_challenge_check_in_v2 replies with the check-in's points
--    whenever the target workout owns its day's check-in, also when the
--    call repeats an earlier one, as compat.Service does.
-- 3. A date before 1900-01-01 is invalid input naming p_date or _date, as
--    workout.Validate rejects it.

-- workoutflow_sha256 calls pgcrypto's digest in whatever schema the
-- extension lives, as workoutflow_sha1 does.
-- +goose StatementBegin
DO $$
DECLARE
    ext_schema text;
BEGIN
    SELECT n.nspname INTO ext_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pgcrypto';
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION workoutflow_sha256(p_data bytea) RETURNS bytea
        LANGUAGE sql IMMUTABLE STRICT
        AS 'SELECT %I.digest($1, ''sha256'')'$f$, ext_schema);
END $$;
-- +goose StatementEnd

-- workoutflow_legacy_idempotency_key derives the idempotency key from a
-- client workout id as compat does: NULL for an empty id, the id itself
-- up to 200 characters, else "sha256:" and the hex SHA-256 of its UTF-8
-- bytes, which stays within the key's limit of 200 characters.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_legacy_idempotency_key(p_client_id text) RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path FROM CURRENT
AS $$
    SELECT CASE
        WHEN coalesce(p_client_id, '') = '' THEN NULL
        WHEN char_length(p_client_id) <= 200 THEN p_client_id
        ELSE 'sha256:' || encode(workoutflow_sha256(convert_to(p_client_id, 'UTF8')), 'hex')
    END
$$;
-- +goose StatementEnd

-- workoutflow_legacy_workout_problems lists the invalid workout fields in
-- the order workout.Validate checks them, under the given parameter names
-- (name, type, notes, client id, duration). The date is checked by the
-- caller. A client id may hold up to 2000 characters, because it is
-- stored as given and only the idempotency key derived from it is
-- limited (see workoutflow_legacy_idempotency_key).
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_legacy_workout_problems(
    p_problems text[], p_names text[], p_name text, p_type text, p_notes text, p_client_id text, p_duration integer)
RETURNS text[]
LANGUAGE sql IMMUTABLE
AS $$
    SELECT workoutflow_legacy_add_problem(
           workoutflow_legacy_add_problem(
           workoutflow_legacy_add_problem(
           workoutflow_legacy_add_problem(
           workoutflow_legacy_add_problem(p_problems,
               p_names[1], workoutflow_legacy_text_problem(p_name, 200, true)),
               p_names[2], workoutflow_legacy_text_problem(p_type, 60, true)),
               p_names[3], workoutflow_legacy_text_problem(p_notes, 2000, false)),
               p_names[4], workoutflow_legacy_text_problem(p_client_id, 2000, false)),
               p_names[5], CASE WHEN p_duration IS NULL OR p_duration NOT BETWEEN 1 AND 1440
                                THEN 'deve estar entre 1 e 1440 minutos' END)
$$;
-- +goose StatementEnd

-- record_workout_basic records a workout, or edits the caller's record
-- p_workout_record_id, and queues its stages without waiting for them.
-- p_challenge_id and p_workout_record_id are text so that the app's empty
-- string means none. A non-empty p_workout_id is stored as given and makes
-- the idempotency key (workoutflow_legacy_idempotency_key): a
-- resubmission returns the first record. Without it, an identical workout
-- sent again within the replay window returns the first record too. The
-- calls of one user are serialized with the lock the Go path takes
-- (compat.Service through Store.Lock with compat.UserLockKey).
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION record_workout_basic(
    p_user_id uuid,
    p_workout_name text,
    p_workout_type text,
    p_duration_minutes integer,
    p_date timestamptz,
    p_challenge_id text DEFAULT NULL,
    p_workout_id text DEFAULT '',
    p_notes text DEFAULT '',
    p_workout_record_id text DEFAULT NULL
)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    cfg workoutflow_legacy_settings;
    v_caller uuid := workoutflow_caller_uid();
    v_problems text[] := '{}';
    v_challenge uuid;
    v_record uuid;
    v_name text := workoutflow_legacy_trim(coalesce(p_workout_name, ''));
    v_type text := workoutflow_legacy_trim(coalesce(p_workout_type, ''));
    v_client text := coalesce(p_workout_id, '');
    v_notes text := coalesce(p_notes, '');
    v_owner uuid;
    v_row record;
    v_now timestamptz := now();
BEGIN
    SELECT * INTO cfg FROM workoutflow_legacy_settings;

    IF p_user_id IS NULL THEN
        v_problems := workoutflow_legacy_add_problem(v_problems, 'p_user_id', 'é obrigatório');
    END IF;
    IF p_date IS NULL THEN
        v_problems := workoutflow_legacy_add_problem(v_problems, 'p_date', 'é obrigatório');
    END IF;
    IF workoutflow_legacy_is_uuid(p_challenge_id) THEN
        v_challenge := workoutflow_legacy_parse_uuid(p_challenge_id);
    ELSIF btrim(coalesce(p_challenge_id, '')) <> '' THEN
        v_problems := workoutflow_legacy_add_problem(v_problems, 'p_challenge_id', 'não é um UUID válido');
    END IF;
    IF workoutflow_legacy_is_uuid(p_workout_record_id) THEN
        v_record := workoutflow_legacy_parse_uuid(p_workout_record_id);
    ELSIF btrim(coalesce(p_workout_record_id, '')) <> '' THEN
        v_problems := workoutflow_legacy_add_problem(v_problems, 'p_workout_record_id', 'não é um UUID válido');
    END IF;

    IF v_caller IS NOT NULL AND p_user_id IS NOT NULL AND v_caller <> p_user_id THEN
        RETURN workoutflow_legacy_basic_reply(false, 'Usuário não autorizado a registrar treinos de outro usuário',
                                              NULL, false, 'FORBIDDEN');
    END IF;

    v_problems := workoutflow_legacy_workout_problems(v_problems,
        ARRAY['p_workout_name', 'p_workout_type', 'p_notes', 'p_workout_id', 'p_duration_minutes'],
        v_name, v_type, v_notes, v_client, p_duration_minutes);
    IF p_date < timestamptz '1900-01-01 00:00:00+00' THEN
        v_problems := workoutflow_legacy_add_problem(v_problems, 'p_date', 'é anterior a 1900-01-01');
    END IF;
    IF cardinality(v_problems) > 0 THEN
        RETURN workoutflow_legacy_basic_reply(false, 'Dados inválidos: ' || array_to_string(v_problems, '; '),
                                              NULL, false, 'INVALID_INPUT');
    END IF;

    PERFORM pg_advisory_xact_lock(workoutflow_lock_id('workoutflow:user:' || p_user_id::text));

    IF v_challenge IS NOT NULL AND NOT EXISTS (SELECT 1 FROM challenges WHERE id = v_challenge) THEN
        RETURN workoutflow_legacy_basic_reply(false, 'Desafio não encontrado', NULL, false, 'CHALLENGE_NOT_FOUND');
    END IF;
    IF v_record IS NOT NULL THEN
        SELECT user_id INTO v_owner FROM workout_records WHERE id = v_record;
        IF v_owner IS DISTINCT FROM p_user_id THEN
            RETURN workoutflow_legacy_basic_reply(false, 'Treino não encontrado', NULL, false, 'WORKOUT_NOT_FOUND');
        END IF;
    END IF;
    IF p_date > v_now + cfg.future_tolerance THEN
        RETURN workoutflow_legacy_basic_reply(false, 'Dados inválidos: p_date está no futuro', NULL, false, 'INVALID_INPUT');
    END IF;

    IF v_record IS NOT NULL THEN
        PERFORM workoutflow_legacy_update_workout(v_record, v_name, v_type, p_date, p_duration_minutes,
                                                  v_notes, v_challenge, cfg.stages, v_now);
        RETURN workoutflow_legacy_basic_reply(true, 'Treino registrado com sucesso', v_record,
            (p_date AT TIME ZONE cfg.legacy_zone)::date < (v_now AT TIME ZONE cfg.legacy_zone)::date, NULL);
    END IF;

    SELECT * INTO v_row FROM workoutflow_insert_workout(
        gen_random_uuid(), p_user_id, v_client, v_name, v_type, p_date, p_duration_minutes, v_notes,
        NULL, v_challenge, workoutflow_legacy_idempotency_key(v_client), 0, cfg.stages, cfg.replay_window, v_now);
    RETURN workoutflow_legacy_basic_reply(true,
        CASE WHEN v_row.replayed THEN 'Treino idêntico já existe - retornando registro existente'
             ELSE 'Treino registrado com sucesso' END,
        v_row.id,
        (v_row.date AT TIME ZONE cfg.legacy_zone)::date < (v_now AT TIME ZONE cfg.legacy_zone)::date, NULL);
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'record_workout_basic failed for user %: % (%)', p_user_id, SQLERRM, SQLSTATE;
    RETURN workoutflow_legacy_basic_reply(false, 'Erro interno ao registrar o treino. Tente novamente.',
                                          NULL, false, 'INTERNAL_ERROR');
END
$$;
-- +goose StatementEnd

-- record_challenge_check_in_v2 stores the workout of a check-in, or reuses
-- the caller's record named by _workout_id, and replies at once whether it
-- earned the day's check-in, with the rules the ranking stage applies
-- later (see compat.Service.RecordChallengeCheckInV2, which replies the
-- same). _date is the app's local wall clock labelled as UTC, so its UTC
-- clock fields are read in workoutflow_legacy_settings.legacy_zone. The
-- calls of one user are serialized with the lock the Go path takes. The
-- reply has the check-in's points whenever the target workout owns its
-- local day's check-in after the call, also on a repeated call, and says
-- "já" only when another workout of the user owns that day.
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
    -- The target owns its day's check-in: the reply is the same whether
    -- this call created the check-in, repeated an earlier call or moved
    -- the check-in to an earlier workout.
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
-- Nothing to undo on its own: the fixed functions change no table, and
-- 00007's Down drops the legacy functions. The two helpers stay because
-- the fixed functions call them.
