-- A database as the legacy app left it. The legacy tables have their
-- legacy columns only and constraints under other names than the
-- library's. The processing queue and log are an older version. The rows
-- must survive the migrations, including two check-ins of one user on one
-- day.

CREATE TABLE workout_records (
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
    completion_status text,
    points integer DEFAULT 0,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now()
);

CREATE TABLE challenges (
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

CREATE TABLE challenge_participants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    challenge_id uuid NOT NULL REFERENCES challenges (id),
    user_id uuid NOT NULL,
    status text,
    joined_at timestamptz DEFAULT now(),
    CONSTRAINT legacy_participant_unique UNIQUE (user_id, challenge_id)
);

CREATE TABLE challenge_check_ins (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    challenge_id uuid NOT NULL REFERENCES challenges (id),
    check_in_date timestamptz NOT NULL,
    points integer DEFAULT 10,
    workout_id uuid,
    workout_name text,
    workout_type text,
    duration_minutes integer,
    user_name text,
    user_photo_url text,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now()
);

CREATE TABLE challenge_progress (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    challenge_id uuid NOT NULL REFERENCES challenges (id),
    user_id uuid NOT NULL,
    points integer DEFAULT 0,
    check_ins_count integer DEFAULT 0,
    total_check_ins integer DEFAULT 0,
    last_check_in timestamptz,
    consecutive_days integer DEFAULT 0,
    position integer,
    completion_percentage numeric,
    completed boolean DEFAULT false,
    user_name text,
    user_photo_url text,
    last_updated timestamptz DEFAULT now(),
    CONSTRAINT legacy_progress_unique UNIQUE (challenge_id, user_id)
);

CREATE TABLE user_progress (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL CONSTRAINT legacy_user_progress_unique UNIQUE,
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

CREATE TABLE profiles (
    id uuid PRIMARY KEY,
    name text,
    photo_url text,
    email text NOT NULL DEFAULT '',
    created_at timestamptz DEFAULT now()
);

-- The first version of the queue and the log, before processed_at,
-- tracking_log_id, stack_trace, client_info and is_exported.
CREATE TABLE workout_processing_queue (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workout_id uuid NOT NULL UNIQUE REFERENCES workout_records (id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    challenge_id uuid,
    processed_for_ranking boolean DEFAULT false,
    processed_for_dashboard boolean DEFAULT false,
    processing_error text,
    created_at timestamptz DEFAULT now()
);

CREATE TABLE workout_tracking_log (
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
    processing_time_ms integer,
    created_at timestamptz DEFAULT now()
);

INSERT INTO challenges (id, title, start_date, end_date, points, requirements) VALUES
    ('c0000000-0000-0000-0000-000000000001', 'Desafio 21 dias',
     '2024-06-01 00:00:00-03', '2024-06-21 23:59:59-03', 100,
     '{"daily_points": 15, "min_checkins": 12}'),
    ('c0000000-0000-0000-0000-000000000002', 'Desafio antigo',
     '2024-01-01 00:00:00-03', '2024-01-31 23:59:59-03', 50, NULL);

INSERT INTO challenge_participants (challenge_id, user_id, status) VALUES
    ('c0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', NULL),
    ('c0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002', 'dropped');

INSERT INTO workout_records (id, user_id, workout_id, workout_name, workout_type, date,
                             duration_minutes, notes, image_urls, challenge_id, points) VALUES
    ('b0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 'not-a-uuid',
     'Corrida', 'Run', '2024-06-02 22:30:00-03', 50, NULL, NULL,
     'c0000000-0000-0000-0000-000000000001', 10),
    ('b0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-000000000001', '',
     'Musculação', 'Strength', '2024-06-02 23:00:00-03', 60, 'pernas', '{https://example.com/x.jpg}',
     'c0000000-0000-0000-0000-000000000001', 10),
    ('b0000000-0000-0000-0000-000000000003', 'a0000000-0000-0000-0000-000000000002', NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- Two check-ins of one user on 2 June, the duplicate bug of the legacy
-- backend.
INSERT INTO challenge_check_ins (user_id, challenge_id, check_in_date, points, workout_id,
                                 workout_name, workout_type, duration_minutes, user_name) VALUES
    ('a0000000-0000-0000-0000-000000000001', 'c0000000-0000-0000-0000-000000000001',
     '2024-06-02 22:30:00-03', 10, 'b0000000-0000-0000-0000-000000000001', 'Corrida', 'Run', 50, 'Ana'),
    ('a0000000-0000-0000-0000-000000000001', 'c0000000-0000-0000-0000-000000000001',
     '2024-06-02 23:00:00-03', 10, 'b0000000-0000-0000-0000-000000000002', 'Musculação', 'Strength', 60, 'Ana');

INSERT INTO challenge_progress (challenge_id, user_id, points, check_ins_count, total_check_ins,
                                last_check_in, position, completion_percentage, user_name) VALUES
    ('c0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 20, 2, 2,
     '2024-06-02 23:00:00-03', NULL, 9.52, 'Ana');

INSERT INTO user_progress (user_id, points, workouts, total_duration, workouts_by_type) VALUES
    ('a0000000-0000-0000-0000-000000000001', 20, 2, 110, '{"Run": 1, "Strength": 1}');

INSERT INTO profiles (id, name, email) VALUES
    ('a0000000-0000-0000-0000-000000000001', 'Ana', 'ana@example.com');

INSERT INTO workout_processing_queue (workout_id, user_id, challenge_id, processed_for_ranking) VALUES
    ('b0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001',
     'c0000000-0000-0000-0000-000000000001', true);

INSERT INTO workout_tracking_log (workout_id, user_id, action, status, request_data) VALUES
    ('b0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001',
     'record', 'succeeded', '{}');
