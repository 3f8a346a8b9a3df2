-- +goose Up
-- The columns and indexes the library adds to the legacy tables. Every
-- statement is safe to run again and keeps the existing rows: new columns
-- get defaults, and no legacy value is changed.

-- Idempotency keys are unique per user. Legacy rows have none.
ALTER TABLE workout_records ADD COLUMN IF NOT EXISTS idempotency_key text;
CREATE UNIQUE INDEX IF NOT EXISTS workout_records_user_idempotency_key
    ON workout_records (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS workout_records_user_created
    ON workout_records (user_id, created_at);
CREATE INDEX IF NOT EXISTS workout_records_challenge_user
    ON workout_records (challenge_id, user_id) WHERE challenge_id IS NOT NULL;

-- A challenge's rule fields. The legacy per-check-in value lived in
-- requirements.daily_points, so existing challenges take it from there
-- when the column is first added.
ALTER TABLE challenges ADD COLUMN IF NOT EXISTS time_zone text NOT NULL DEFAULT 'America/Sao_Paulo';
ALTER TABLE challenges ADD COLUMN IF NOT EXISTS min_duration_minutes integer NOT NULL DEFAULT 45;
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'challenges'
          AND column_name = 'points_per_check_in'
    ) THEN
        ALTER TABLE challenges ADD COLUMN points_per_check_in integer NOT NULL DEFAULT 10;
        UPDATE challenges
           SET points_per_check_in = (requirements ->> 'daily_points')::integer
         WHERE jsonb_typeof(requirements -> 'daily_points') = 'number';
    END IF;
END $$;
-- +goose StatementEnd

-- The local day of a check-in in the challenge's zone, computed by the
-- library. Legacy rows keep NULL, which the unique index allows any number
-- of times, so duplicate legacy check-ins of one day do not block the
-- migration; the ranking stage replaces them when it recomputes the user.
ALTER TABLE challenge_check_ins ADD COLUMN IF NOT EXISTS check_in_day date;
CREATE UNIQUE INDEX IF NOT EXISTS challenge_check_ins_challenge_user_day
    ON challenge_check_ins (challenge_id, user_id, check_in_day);

ALTER TABLE challenge_progress ADD COLUMN IF NOT EXISTS workouts_in_window integer NOT NULL DEFAULT 0;

ALTER TABLE user_progress ADD COLUMN IF NOT EXISTS time_zone text;
ALTER TABLE user_progress ADD COLUMN IF NOT EXISTS computed_for date;
ALTER TABLE user_progress ADD COLUMN IF NOT EXISTS minutes_this_month integer NOT NULL DEFAULT 0;
ALTER TABLE user_progress ADD COLUMN IF NOT EXISTS last_workout_at timestamptz;

ALTER TABLE profiles ADD COLUMN IF NOT EXISTS time_zone text;

-- The upserts need a unique index on exactly these columns. A legacy
-- database may already have one under another name, so one is created only
-- when none exists.
-- +goose StatementBegin
DO $$
DECLARE
    wanted record;
BEGIN
    FOR wanted IN
        SELECT * FROM (VALUES
            ('challenge_participants', ARRAY['challenge_id', 'user_id'], 'challenge_participants_challenge_user'),
            ('challenge_progress', ARRAY['challenge_id', 'user_id'], 'challenge_progress_challenge_user'),
            ('user_progress', ARRAY['user_id'], 'user_progress_user')
        ) AS t(table_name, columns, index_name)
    LOOP
        IF NOT EXISTS (
            SELECT 1
              FROM pg_index i
             WHERE i.indrelid = wanted.table_name::regclass
               AND i.indisunique
               AND i.indpred IS NULL
               AND i.indnkeyatts = cardinality(wanted.columns)
               AND (SELECT array_agg(a.attname::text ORDER BY a.attname)
                      FROM pg_attribute a
                     WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey))
                   = (SELECT array_agg(c ORDER BY c) FROM unnest(wanted.columns) AS c)
        ) THEN
            EXECUTE format('CREATE UNIQUE INDEX %I ON %I (%s)',
                           wanted.index_name, wanted.table_name,
                           (SELECT string_agg(quote_ident(c), ', ') FROM unnest(wanted.columns) AS c));
        END IF;
    END LOOP;
END $$;
-- +goose StatementEnd
