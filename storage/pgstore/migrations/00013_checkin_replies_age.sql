-- +goose Up
-- Retention deletes check-in reply markers by age, oldest first; this index
-- lets each batch read the oldest markers without scanning the table.
CREATE INDEX IF NOT EXISTS workoutflow_checkin_replies_created
    ON workoutflow_checkin_replies (created_at);

-- +goose Down
DROP INDEX IF EXISTS workoutflow_checkin_replies_created;
