-- +goose Up
-- The legacy RPC functions that the shipped app calls on the database
-- directly: record_workout_basic, record_challenge_check_in_v2,
-- diagnose_and_recover_workout_records and retry_workout_processing. They
-- write the same rows as the Go adapter (workout_records, the queue row
-- and one pending job per stage in workoutflow_jobs, with a NOTIFY on
-- workoutflow_jobs), so the library's workers run the stages, and they
-- reply with the same JSON keys and Portuguese messages as package compat.
--
-- Settings live in the one-row table workoutflow_legacy_settings:
--   legacy_zone       zone in which the clock fields of a check-in's _date
--                     are read and which decides is_retroactive
--                     (default America/Sao_Paulo);
--   future_tolerance  how far in the future a workout may be (1 hour);
--   replay_window     window of the replay check without a client id (60 s);
--   stages            the stages queued for each workout.
-- They must match the Go configuration (compat.Config.LegacyZone and
-- workout.Config) when both paths serve the same database.
--
-- The check-in ids are version 5 UUIDs, as ranking.CheckInID makes them,
-- so this migration needs pgcrypto for SHA-1.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE IF NOT EXISTS workoutflow_legacy_settings (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    legacy_zone text NOT NULL DEFAULT 'America/Sao_Paulo',
    future_tolerance interval NOT NULL DEFAULT '1 hour',
    replay_window interval NOT NULL DEFAULT '60 seconds',
    stages text[] NOT NULL DEFAULT ARRAY['ranking', 'dashboard']
);
INSERT INTO workoutflow_legacy_settings DEFAULT VALUES ON CONFLICT DO NOTHING;

-- A legacy database may hold several overloads of these names, which made
-- calls ambiguous. Every function of these names in this schema is
-- dropped, so that exactly the signatures below remain.
-- +goose StatementBegin
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure FROM pg_proc p
         WHERE p.pronamespace = current_schema()::regnamespace
           AND p.proname IN ('record_workout_basic', 'record_challenge_check_in_v2',
                             'diagnose_and_recover_workout_records', 'retry_workout_processing')
    LOOP
        EXECUTE 'DROP FUNCTION ' || f::text || ' CASCADE';
    END LOOP;
END $$;
-- +goose StatementEnd

-- workoutflow_sha1 calls pgcrypto's digest in whatever schema the
-- extension lives (Supabase installs it in "extensions").
-- +goose StatementBegin
DO $$
DECLARE
    ext_schema text;
BEGIN
    SELECT n.nspname INTO ext_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pgcrypto';
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION workoutflow_sha1(p_data bytea) RETURNS bytea
        LANGUAGE sql IMMUTABLE STRICT
        AS 'SELECT %I.digest($1, ''sha1'')'$f$, ext_schema);
END $$;
-- +goose StatementEnd

-- workoutflow_check_in_id returns the id of a user's check-in in a
-- challenge on a local day: the version 5 UUID of
-- "<challenge>/<user>/<YYYY-MM-DD>" in the check-in namespace, equal to
-- ranking.CheckInID.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_check_in_id(p_challenge_id uuid, p_user_id uuid, p_day date)
RETURNS uuid
LANGUAGE plpgsql IMMUTABLE STRICT
SET search_path FROM CURRENT
AS $$
DECLARE
    h bytea;
BEGIN
    h := substring(workoutflow_sha1(
            decode(replace('a52ec430-cf12-40e9-8bcc-120d7cb42b7d', '-', ''), 'hex')
            || convert_to(p_challenge_id::text || '/' || p_user_id::text || '/' || to_char(p_day, 'YYYY-MM-DD'), 'UTF8'))
         FROM 1 FOR 16);
    h := set_byte(h, 6, (get_byte(h, 6) & 15) | 80);
    h := set_byte(h, 8, (get_byte(h, 8) & 63) | 128);
    RETURN encode(h, 'hex')::uuid;
END
$$;
-- +goose StatementEnd

-- workoutflow_lock_id maps a lock name to the key of pg_advisory_lock. The
-- Go adapter's Store.Lock computes the same key with the same expression,
-- so a SQL function and a Go process holding the lock of one name exclude
-- each other.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_lock_id(p_key text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT hashtextextended(p_key, 0) $$;
-- +goose StatementEnd

-- workoutflow_caller_uid returns auth.uid() when that function exists (as
-- on Supabase), else NULL. NULL means a trusted caller such as the service
-- role, which may act for any user.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_caller_uid() RETURNS uuid
LANGUAGE plpgsql STABLE
SET search_path FROM CURRENT
AS $$
DECLARE
    v uuid;
BEGIN
    IF to_regprocedure('auth.uid()') IS NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE 'SELECT auth.uid()' INTO v;
    RETURN v;
END
$$;
-- +goose StatementEnd

-- workoutflow_legacy_trim removes leading and trailing white space, as Go's
-- strings.TrimSpace does.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_legacy_trim(p_text text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT regexp_replace(p_text, '^\s+|\s+$', '', 'g') $$;
-- +goose StatementEnd

-- workoutflow_legacy_text_problem describes in Portuguese what is wrong
-- with a text parameter, or returns NULL. Text in PostgreSQL is always
-- valid UTF-8 without NUL, so only blank and length are checked.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_legacy_text_problem(p_value text, p_max integer, p_required boolean)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE
        WHEN p_required AND workoutflow_legacy_trim(coalesce(p_value, '')) = '' THEN 'é obrigatório'
        WHEN char_length(coalesce(p_value, '')) > p_max THEN format('tem mais de %s caracteres', p_max)
    END
$$;
-- +goose StatementEnd

-- workoutflow_legacy_add_problem appends "<param> <problem>" unless the
-- parameter is already listed or problem is NULL.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_legacy_add_problem(p_problems text[], p_param text, p_problem text)
RETURNS text[]
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE
        WHEN p_problem IS NULL THEN p_problems
        WHEN EXISTS (SELECT 1 FROM unnest(p_problems) AS x WHERE x LIKE p_param || ' %') THEN p_problems
        ELSE p_problems || (p_param || ' ' || p_problem)
    END
$$;
-- +goose StatementEnd

-- workoutflow_legacy_workout_problems lists the invalid workout fields in
-- the order workout.Validate checks them, under the given parameter names
-- (name, type, notes, client id, duration). The date is checked by the
-- caller.
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
               p_names[4], workoutflow_legacy_text_problem(p_client_id, 200, false)),
               p_names[5], CASE WHEN p_duration IS NULL OR p_duration NOT BETWEEN 1 AND 1440
                                THEN 'deve estar entre 1 e 1440 minutos' END)
$$;
-- +goose StatementEnd

-- workoutflow_legacy_parse_uuid returns the UUID in p_text, NULL for blank
-- text, or raises invalid_text_representation.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_legacy_parse_uuid(p_text text) RETURNS uuid
LANGUAGE sql IMMUTABLE
AS $$ SELECT nullif(btrim(coalesce(p_text, '')), '')::uuid $$;
-- +goose StatementEnd

-- workoutflow_legacy_is_uuid reports whether p_text is a UUID in one of
-- the forms Go's uuid.Parse accepts that PostgreSQL reads the same way.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_legacy_is_uuid(p_text text) RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$
    SELECT coalesce(btrim(p_text) ~* '^(urn:uuid:)?\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$', false)
$$;
-- +goose StatementEnd

-- workoutflow_legacy_update_workout replaces the editable fields of a
-- workout and queues its stages again with the previous and the new
-- challenge, as the Go adapter's UpdateWorkout does.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_legacy_update_workout(
    p_id uuid, p_name text, p_type text, p_date timestamptz, p_duration integer,
    p_notes text, p_challenge_id uuid, p_stages text[], p_now timestamptz)
RETURNS void
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    v_previous uuid;
    v_user uuid;
    v_challenges uuid[];
BEGIN
    SELECT challenge_id, user_id INTO v_previous, v_user FROM workout_records WHERE id = p_id FOR UPDATE;

    UPDATE workout_records
       SET workout_name = p_name, workout_type = p_type, date = p_date, duration_minutes = p_duration,
           notes = p_notes, challenge_id = p_challenge_id, updated_at = p_now
     WHERE id = p_id;

    INSERT INTO workout_processing_queue AS q (workout_id, user_id, challenge_id, created_at)
    VALUES (p_id, v_user, p_challenge_id, p_now)
    ON CONFLICT (workout_id) DO UPDATE SET
        challenge_id = excluded.challenge_id,
        processed_for_ranking = q.processed_for_ranking AND NOT ('ranking' = ANY (p_stages)),
        processed_for_dashboard = q.processed_for_dashboard AND NOT ('dashboard' = ANY (p_stages)),
        processed_at = CASE WHEN cardinality(p_stages) > 0 THEN NULL ELSE q.processed_at END;

    IF cardinality(p_stages) = 0 THEN
        RETURN;
    END IF;
    v_challenges := ARRAY(
        SELECT c FROM unnest(ARRAY[v_previous, p_challenge_id]) WITH ORDINALITY AS t(c, n)
         WHERE c IS NOT NULL GROUP BY c ORDER BY min(n));

    INSERT INTO workoutflow_jobs AS j (
        workout_id, stage, user_id, challenge_ids, reason, state, attempt, token,
        run_at, created_at, updated_at)
    SELECT p_id, s.stage, v_user, v_challenges, 'updated', 'pending', 0, 0, p_now, p_now, p_now
      FROM (SELECT DISTINCT unnest(p_stages) AS stage) AS s
    ON CONFLICT (workout_id, stage) DO UPDATE SET
        user_id = excluded.user_id,
        challenge_ids = j.challenge_ids || ARRAY(
            SELECT c FROM unnest(excluded.challenge_ids) WITH ORDINALITY AS added(c, n)
             WHERE c <> ALL (j.challenge_ids) ORDER BY n),
        reason = excluded.reason,
        state = 'pending',
        attempt = 0,
        token = j.token + 1,
        owner = NULL,
        run_at = excluded.run_at,
        lease_expires_at = NULL,
        updated_at = excluded.updated_at;
    PERFORM pg_notify('workoutflow_jobs', '');
END
$$;
-- +goose StatementEnd

-- workoutflow_legacy_basic_reply builds a record_workout_basic reply with
-- every key present.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_legacy_basic_reply(
    p_success boolean, p_message text, p_workout_id uuid, p_retroactive boolean, p_error_code text)
RETURNS jsonb
LANGUAGE sql IMMUTABLE
AS $$
    SELECT jsonb_build_object(
        'success', p_success, 'message', p_message, 'workout_id', p_workout_id,
        'processing_queued', p_success, 'is_retroactive', coalesce(p_retroactive, false),
        'error_code', p_error_code)
$$;
-- +goose StatementEnd

-- record_workout_basic records a workout, or edits the caller's record
-- p_workout_record_id, and queues its stages without waiting for them.
-- p_challenge_id and p_workout_record_id are text so that the app's empty
-- string means none. A non-empty p_workout_id is the idempotency key: a
-- resubmission returns the first record. Without it, an identical workout
-- sent again within the replay window returns the first record too. The
-- calls of one user are serialized with the lock the Go path takes
-- (compat.Service through Store.Lock with compat.UserLockKey).
-- +goose StatementBegin
CREATE FUNCTION record_workout_basic(
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
        NULL, v_challenge, nullif(v_client, ''), 0, cfg.stages, cfg.replay_window, v_now);
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

-- workoutflow_legacy_check_in_reply builds a record_challenge_check_in_v2
-- reply with every key present.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_legacy_check_in_reply(
    p_success boolean, p_message text, p_points integer, p_streak integer, p_already boolean,
    p_check_in_id uuid, p_workout_id uuid, p_challenge_id uuid, p_error_code text)
RETURNS jsonb
LANGUAGE sql IMMUTABLE
AS $$
    SELECT jsonb_build_object(
        'success', p_success, 'message', p_message, 'points_earned', p_points,
        'current_streak', p_streak, 'streak', p_streak, 'is_already_checked_in', p_already,
        'check_in_id', p_check_in_id, 'workout_id', p_workout_id, 'challenge_id', p_challenge_id,
        'error_code', p_error_code)
$$;
-- +goose StatementEnd

-- workoutflow_legacy_qualifying returns the user's workouts in the
-- challenge that may earn a check-in, with their local day: the user is a
-- member, the day is inside the window and not after today, and the
-- workout lasts at least the minimum. rank 1 marks the owner of each day,
-- the workout that happened first (then created first, then lowest id).
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION workoutflow_legacy_qualifying(
    p_challenge_id uuid, p_user_id uuid, p_zone text, p_start date, p_end date, p_today date, p_min integer)
RETURNS TABLE (id uuid, day date, rank bigint)
LANGUAGE sql STABLE
SET search_path FROM CURRENT
AS $$
    SELECT w.id, (w.date AT TIME ZONE p_zone)::date,
           row_number() OVER (PARTITION BY (w.date AT TIME ZONE p_zone)::date ORDER BY w.date, w.created_at, w.id)
      FROM workout_records w
     WHERE w.challenge_id = p_challenge_id AND w.user_id = p_user_id
       AND (w.date AT TIME ZONE p_zone)::date BETWEEN p_start AND least(p_end, p_today)
       AND w.duration_minutes >= p_min
$$;
-- +goose StatementEnd

-- record_challenge_check_in_v2 stores the workout of a check-in, or reuses
-- the caller's record named by _workout_id, and replies at once whether it
-- earned the day's check-in, with the rules the ranking stage applies
-- later (see compat.Service.RecordChallengeCheckInV2, which replies the
-- same). _date is the app's local wall clock labelled as UTC, so its UTC
-- clock fields are read in workoutflow_legacy_settings.legacy_zone. The
-- calls of one user are serialized with the lock the Go path takes, so of
-- concurrent calls for one day exactly one replies with points.
-- +goose StatementBegin
CREATE FUNCTION record_challenge_check_in_v2(
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
    v_before jsonb;
    v_stored workout_records;
    v_row record;
    v_target uuid;
    v_current uuid;
    v_replayed boolean := false;
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

    -- The owners of the days before this call changes anything.
    SELECT coalesce(jsonb_object_agg(q.day::text, q.id), '{}') INTO v_before
      FROM workoutflow_legacy_qualifying(ch.id, _user_id, v_zone, v_start, v_end, v_today, v_min) q
     WHERE v_member AND q.rank = 1;

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
            NULL, _challenge_id, nullif(v_client, ''), 0, cfg.stages, cfg.replay_window, v_now);
        v_target := v_row.id;
        v_current := v_row.challenge_id;
        v_replayed := v_row.replayed AND v_row.challenge_id IS NOT DISTINCT FROM _challenge_id;
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
    ELSIF v_replayed OR (v_before ? v_day::text AND (v_before ->> v_day::text)::uuid <> v_target) THEN
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

-- diagnose_and_recover_workout_records queues the workouts created in the
-- last days_back days that lack their queue row or a stage's job, and
-- sends their dead jobs back, as recovery.Recoverer.RecoverRecent does. It
-- counts the workouts found missing, those with a failed or dead job, and
-- those it queued again. Only a trusted caller (no auth.uid()) may run it.
-- +goose StatementBegin
CREATE FUNCTION diagnose_and_recover_workout_records(days_back integer DEFAULT 7)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    cfg workoutflow_legacy_settings;
    v_days integer := coalesce(nullif(days_back, 0), 7);
    v_now timestamptz := now();
    v_since timestamptz;
    v_missing uuid[];
    v_failed uuid[];
    v_dead uuid[];
    v_reply jsonb;
BEGIN
    IF workoutflow_caller_uid() IS NOT NULL THEN
        RAISE EXCEPTION 'diagnose_and_recover_workout_records requires the service role'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO cfg FROM workoutflow_legacy_settings;
    v_reply := jsonb_build_object('recovered_count', 0, 'missing_count', 0, 'failed_count', 0,
        'period', v_days || ' days',
        'timestamp', to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
    IF v_days NOT BETWEEN 1 AND 3650 THEN
        RETURN v_reply || jsonb_build_object('error',
            format('days_back must be between 1 and 3650, got %s', v_days));
    END IF;
    v_since := v_now - v_days * interval '24 hours';

    v_missing := ARRAY(
        SELECT w.id FROM workout_records w
         WHERE w.created_at >= v_since
           AND (NOT EXISTS (SELECT 1 FROM workout_processing_queue q WHERE q.workout_id = w.id)
                OR EXISTS (SELECT 1 FROM unnest(cfg.stages) AS s(stage)
                            WHERE NOT EXISTS (SELECT 1 FROM workoutflow_jobs j
                                               WHERE j.workout_id = w.id AND j.stage = s.stage))));
    v_failed := ARRAY(
        SELECT DISTINCT j.workout_id FROM workoutflow_jobs j
         WHERE j.created_at >= v_since
           AND (j.state = 'dead' OR (j.state = 'pending' AND j.attempt > 0 AND coalesce(j.last_error, '') <> '')));
    v_dead := ARRAY(SELECT DISTINCT j.workout_id FROM workoutflow_jobs j
                     WHERE j.created_at >= v_since AND j.state = 'dead');

    INSERT INTO workout_processing_queue (workout_id, user_id, challenge_id, created_at)
    SELECT w.id, w.user_id, w.challenge_id, v_now FROM workout_records w WHERE w.id = ANY (v_missing)
    ON CONFLICT (workout_id) DO NOTHING;
    INSERT INTO workoutflow_jobs (workout_id, stage, user_id, challenge_ids, reason, state, run_at, created_at, updated_at)
    SELECT w.id, s.stage, w.user_id,
           CASE WHEN w.challenge_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[w.challenge_id] END,
           'recorded', 'pending', v_now, v_now, v_now
      FROM workout_records w CROSS JOIN (SELECT DISTINCT unnest(cfg.stages) AS stage) s
     WHERE w.id = ANY (v_missing)
    ON CONFLICT (workout_id, stage) DO NOTHING;
    UPDATE workout_processing_queue q
       SET processed_for_ranking = false, processed_for_dashboard = false, processed_at = NULL
     WHERE q.workout_id = ANY (v_missing);

    UPDATE workoutflow_jobs
       SET state = 'pending', reason = 'retried', attempt = 0, token = token + 1, owner = NULL,
           run_at = v_now, lease_expires_at = NULL, updated_at = v_now
     WHERE workout_id = ANY (v_dead)
       AND (state IN ('pending', 'dead') OR (state = 'running' AND lease_expires_at <= v_now));

    IF cardinality(v_missing) + cardinality(v_dead) > 0 THEN
        PERFORM pg_notify('workoutflow_jobs', '');
    END IF;
    RETURN v_reply || jsonb_build_object(
        'recovered_count', (SELECT count(DISTINCT x) FROM unnest(v_missing || v_dead) AS x),
        'missing_count', cardinality(v_missing),
        'failed_count', cardinality(v_failed));
EXCEPTION
    WHEN insufficient_privilege THEN RAISE;
    WHEN OTHERS THEN
        RETURN v_reply || jsonb_build_object('error', SQLERRM);
END
$$;
-- +goose StatementEnd

-- retry_workout_processing queues the workout's missing stages, or sends
-- its pending, dead and abandoned jobs back to the queue, and returns true
-- when it queued anything, as recovery.Recoverer.RetryWorkout does. It
-- returns false for an unknown workout. A signed-in user (auth.uid()) may
-- retry only its own workouts.
-- +goose StatementBegin
CREATE FUNCTION retry_workout_processing(_workout_id uuid)
RETURNS boolean
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    cfg workoutflow_legacy_settings;
    v_caller uuid := workoutflow_caller_uid();
    w workout_records;
    v_now timestamptz := now();
    v_count integer;
BEGIN
    SELECT * INTO cfg FROM workoutflow_legacy_settings;
    SELECT * INTO w FROM workout_records WHERE id = _workout_id;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF v_caller IS NOT NULL AND v_caller <> w.user_id THEN
        RAISE EXCEPTION 'retry_workout_processing: user % may not retry workout %', v_caller, _workout_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;

    INSERT INTO workout_processing_queue (workout_id, user_id, challenge_id, created_at)
    VALUES (w.id, w.user_id, w.challenge_id, v_now)
    ON CONFLICT (workout_id) DO NOTHING;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    WITH inserted AS (
        INSERT INTO workoutflow_jobs (workout_id, stage, user_id, challenge_ids, reason, state, run_at, created_at, updated_at)
        SELECT w.id, s.stage, w.user_id,
               CASE WHEN w.challenge_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[w.challenge_id] END,
               'recorded', 'pending', v_now, v_now, v_now
          FROM (SELECT DISTINCT unnest(cfg.stages) AS stage) s
        ON CONFLICT (workout_id, stage) DO NOTHING
        RETURNING 1
    )
    SELECT v_count + count(*) INTO v_count FROM inserted;

    IF v_count = 0 THEN
        UPDATE workoutflow_jobs
           SET state = 'pending', reason = 'retried', attempt = 0, token = token + 1, owner = NULL,
               run_at = v_now, lease_expires_at = NULL, updated_at = v_now
         WHERE workout_id = w.id
           AND (state IN ('pending', 'dead') OR (state = 'running' AND lease_expires_at <= v_now));
        GET DIAGNOSTICS v_count = ROW_COUNT;
    END IF;
    IF v_count > 0 THEN
        PERFORM pg_notify('workoutflow_jobs', '');
    END IF;
    RETURN v_count > 0;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION IF EXISTS retry_workout_processing(uuid);
DROP FUNCTION IF EXISTS diagnose_and_recover_workout_records(integer);
DROP FUNCTION IF EXISTS record_challenge_check_in_v2(uuid, timestamptz, integer, uuid, text, text, text);
DROP FUNCTION IF EXISTS record_workout_basic(uuid, text, text, integer, timestamptz, text, text, text, text);
DROP FUNCTION IF EXISTS workoutflow_legacy_check_in_reply(boolean, text, integer, integer, boolean, uuid, uuid, uuid, text);
DROP FUNCTION IF EXISTS workoutflow_legacy_qualifying(uuid, uuid, text, date, date, date, integer);
DROP FUNCTION IF EXISTS workoutflow_legacy_basic_reply(boolean, text, uuid, boolean, text);
DROP FUNCTION IF EXISTS workoutflow_legacy_update_workout(uuid, text, text, timestamptz, integer, text, uuid, text[], timestamptz);
DROP FUNCTION IF EXISTS workoutflow_legacy_is_uuid(text);
DROP FUNCTION IF EXISTS workoutflow_legacy_parse_uuid(text);
DROP FUNCTION IF EXISTS workoutflow_legacy_workout_problems(text[], text[], text, text, text, text, integer);
DROP FUNCTION IF EXISTS workoutflow_legacy_add_problem(text[], text, text);
DROP FUNCTION IF EXISTS workoutflow_legacy_text_problem(text, integer, boolean);
DROP FUNCTION IF EXISTS workoutflow_legacy_trim(text);
DROP FUNCTION IF EXISTS workoutflow_caller_uid();
DROP FUNCTION IF EXISTS workoutflow_lock_id(text);
DROP FUNCTION IF EXISTS workoutflow_check_in_id(uuid, uuid, date);
DROP FUNCTION IF EXISTS workoutflow_sha1(bytea);
DROP TABLE IF EXISTS workoutflow_legacy_settings;
