-- Schema 2: people suggestions can be dismissed, and members can opt out of being suggested.
CREATE TABLE suggestion_dismissals (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    dismissed_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    PRIMARY KEY (user_id, dismissed_id)
);
ALTER TABLE users ADD COLUMN suggestible BIGINT NOT NULL DEFAULT 1;
CREATE INDEX users_suggestible ON users (suggestible);
