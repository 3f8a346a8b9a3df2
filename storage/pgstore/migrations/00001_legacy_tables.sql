-- +goose Up
-- The tables that the app reads and writes directly, with their legacy
-- columns. A database that already has them is left unchanged; a new
-- database gets them here. The library's own columns come in the next
-- migration, so that both kinds of database end up alike.

CREATE TABLE IF NOT EXISTS workout_records (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    workout_id text,
    workout_name text,
    workout_type text,
    date timestamptz,
    duration_minutes integer,
    notes text,
    image_urls text[],
    challenge_id uuid,
    is_completed boolean DEFAULT true,
    completion_status text DEFAULT 'completed',
    points integer DEFAULT 0,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS challenges (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title text NOT NULL,
    description text,
    start_date timestamptz,
    end_date timestamptz,
    points integer DEFAULT 10,
    requirements jsonb,
    active boolean DEFAULT true,
    is_official boolean DEFAULT false,
    creator_id uuid,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS challenge_participants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    challenge_id uuid NOT NULL,
    user_id uuid NOT NULL,
    status text DEFAULT 'active',
    joined_at timestamptz DEFAULT now(),
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS challenge_check_ins (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    challenge_id uuid NOT NULL,
    user_id uuid NOT NULL,
    check_in_date timestamptz NOT NULL,
    points integer DEFAULT 0,
    workout_id uuid,
    workout_name text,
    workout_type text,
    duration_minutes integer,
    user_name text,
    user_photo_url text,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS challenge_progress (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    challenge_id uuid NOT NULL,
    user_id uuid NOT NULL,
    points integer DEFAULT 0,
    check_ins_count integer DEFAULT 0,
    total_check_ins integer DEFAULT 0,
    last_check_in timestamptz,
    consecutive_days integer DEFAULT 0,
    position integer,
    completion_percentage numeric DEFAULT 0,
    completed boolean DEFAULT false,
    user_name text,
    user_photo_url text,
    created_at timestamptz DEFAULT now(),
    last_updated timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS user_progress (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    points integer DEFAULT 0,
    level integer DEFAULT 1,
    workouts integer DEFAULT 0,
    workouts_completed integer DEFAULT 0,
    total_check_ins integer DEFAULT 0,
    current_streak integer DEFAULT 0,
    longest_streak integer DEFAULT 0,
    total_duration integer DEFAULT 0,
    days_trained_this_month integer DEFAULT 0,
    workouts_by_type jsonb DEFAULT '{}'::jsonb,
    challenges_completed integer DEFAULT 0,
    last_updated timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS profiles (
    id uuid PRIMARY KEY,
    name text,
    photo_url text,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now()
);
