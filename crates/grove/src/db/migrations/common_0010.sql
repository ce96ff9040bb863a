-- Schema 10: communities a member dismissed from their suggestions.
CREATE TABLE community_suggestion_dismissals (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    PRIMARY KEY (user_id, community_id)
);
