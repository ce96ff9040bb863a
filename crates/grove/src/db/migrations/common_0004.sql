-- Schema 4: communities of practice and groups: their members and roles, requests to join a
-- community that takes requests, and invitations (the only way into a private community).

-- A community's slug is not stored: it is "<id>-<name as lower-case ASCII words>", made from
-- the row, so it is unique, a link survives a rename, and no slug depends on (or reveals) the
-- name of another, perhaps private, community.
CREATE TABLE communities (
    id @ID@,
    name TEXT NOT NULL,
    -- the name lower-cased, for the text filter and for "a community with this name exists"
    name_key TEXT NOT NULL,
    -- Markdown, rendered and sanitized on display
    description TEXT NOT NULL DEFAULT '',
    -- open | request | private
    visibility TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    -- recounted in the transaction of every change of membership
    member_count BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX communities_name ON communities (name_key, id);
CREATE INDEX communities_visibility ON communities (visibility, name_key);

CREATE TABLE community_members (
    community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- owner | moderator | member
    role TEXT NOT NULL,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_members_user ON community_members (user_id, community_id);

CREATE TABLE community_requests (
    id @ID@,
    community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message TEXT NOT NULL DEFAULT '',
    -- pending | approved | declined | closed (the community stopped taking requests)
    status TEXT NOT NULL DEFAULT 'pending',
    created_at BIGINT NOT NULL,
    answered_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    answered_at BIGINT
);
CREATE INDEX community_requests_community ON community_requests (community_id, status, id);
-- One pending request per member and community.
CREATE UNIQUE INDEX community_requests_pending ON community_requests (community_id, user_id) WHERE status = 'pending';
CREATE INDEX community_requests_user ON community_requests (user_id, status);

CREATE TABLE community_invitations (
    community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_invitations_user ON community_invitations (user_id, community_id);
