-- Schema 9: moderation of knowledge content. Members flag posts, answers and comments; the
-- community's owners and moderators (organization-wide content: admins) act on the flags; every
-- action is written to the moderation log.

CREATE TABLE flags (
    id @ID@,
    -- post | answer | comment
    target TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    -- the post the target belongs to (itself for a post): its community decides who moderates
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    reporter_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- spam | offensive | off_topic | other
    reason TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    -- open | actioned (the content was hidden or the thread locked) | dismissed
    status TEXT NOT NULL DEFAULT 'open',
    created_at BIGINT NOT NULL,
    resolved_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    resolved_at BIGINT
);
-- One open flag per member and target; once resolved, the member may flag it again.
CREATE UNIQUE INDEX flags_open_once ON flags (reporter_id, target, target_id) WHERE status = 'open';
CREATE INDEX flags_target ON flags (target, target_id, status);
CREATE INDEX flags_queue ON flags (status, post_id);

-- What moderators did, kept when the content or the community is deleted (no foreign keys on
-- the content's ids).
CREATE TABLE moderation_log (
    id @ID@,
    actor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    -- hide | restore | dismiss | lock | unlock
    action TEXT NOT NULL,
    -- post | answer | comment
    target TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    post_id BIGINT NOT NULL,
    -- NULL: organization-wide content
    community_id BIGINT,
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX moderation_log_community ON moderation_log (community_id, id);
