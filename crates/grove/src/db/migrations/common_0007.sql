-- Schema 7: recognition. Kudos: a member thanks another publicly, for one of the organization's
-- values. Reputation, badges and leaderboards are computed from kudos and the knowledge tables
-- (schema 6); nothing else is stored.

CREATE TABLE kudos (
    id @ID@,
    -- NULL once the giver's account is deleted: the thanks stays with its recipient
    from_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    to_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- NULL once an admin removes the value from the list
    value_id BIGINT REFERENCES org_values(id) ON DELETE SET NULL,
    -- Markdown, rendered and sanitized on display
    message TEXT NOT NULL,
    -- the post the help was about. Deleted with the post: a kudos about a private community's
    -- post must never outlive the post and become visible to everyone.
    post_id BIGINT REFERENCES posts(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX kudos_created ON kudos (created_at, id);
CREATE INDEX kudos_to ON kudos (to_id, created_at);
CREATE INDEX kudos_from ON kudos (from_id, created_at);
CREATE INDEX kudos_value ON kudos (value_id, created_at);
CREATE INDEX kudos_post ON kudos (post_id);
