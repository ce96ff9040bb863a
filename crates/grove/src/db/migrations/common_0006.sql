-- Schema 6: knowledge sharing. Articles (and best practices, lessons learned, resources) and
-- questions, in a community or organization-wide; their revisions, tags, answers, comments,
-- votes, bookmarks and follows; moderation state; member preferences.

CREATE TABLE posts (
    id @ID@,
    -- article | best_practice | lesson_learned | resource | question
    kind TEXT NOT NULL,
    -- NULL: organization-wide. A private community's posts are seen by its members only.
    community_id BIGINT REFERENCES communities(id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    -- Markdown, rendered and sanitized on display; the latest revision's
    body TEXT NOT NULL,
    -- the latest revision's tags, space-separated (post_tags indexes them)
    tags TEXT NOT NULL DEFAULT '',
    -- draft | published
    status TEXT NOT NULL,
    -- the number of the latest revision in post_revisions
    revision BIGINT NOT NULL DEFAULT 1,
    -- sum of votes, and counts of visible answers and comments; kept in the same transaction
    score BIGINT NOT NULL DEFAULT 0,
    answer_count BIGINT NOT NULL DEFAULT 0,
    comment_count BIGINT NOT NULL DEFAULT 0,
    accepted_answer_id BIGINT,
    accepted_at BIGINT,
    -- set by a moderator: hidden posts are seen by their author, moderators and admins only
    hidden_at BIGINT,
    -- a locked thread takes no new answers, comments or votes
    locked_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT,
    -- the last answer, comment or edit: the feed's order
    activity_at BIGINT NOT NULL
);
CREATE INDEX posts_feed ON posts (status, activity_at);
CREATE INDEX posts_community ON posts (community_id, status, activity_at);
CREATE INDEX posts_author ON posts (author_id, status, created_at);
CREATE INDEX posts_unanswered ON posts (kind, answer_count, published_at);

CREATE TABLE post_tags (
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (post_id, tag)
);
CREATE INDEX post_tags_tag ON post_tags (tag, post_id);

-- Every saved version of a post; restoring one writes it again as a new revision.
CREATE TABLE post_revisions (
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    tags TEXT NOT NULL,
    author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    -- what the editor said they changed
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, number)
);

CREATE TABLE answers (
    id @ID@,
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    score BIGINT NOT NULL DEFAULT 0,
    hidden_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX answers_post ON answers (post_id, id);
CREATE INDEX answers_author ON answers (author_id, created_at);

CREATE TABLE comments (
    id @ID@,
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    -- NULL: a comment on the post itself
    answer_id BIGINT REFERENCES answers(id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    hidden_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX comments_post ON comments (post_id, id);

-- One vote per member on a post or an answer: +1 or -1.
CREATE TABLE votes (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- post | answer
    target TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    -- the post voted on, or the answer's question (its community and tags)
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    -- the author of what was voted on, for reputation
    recipient_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    value BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, target, target_id)
);
CREATE INDEX votes_target ON votes (target, target_id);
CREATE INDEX votes_recipient ON votes (recipient_id, created_at);

CREATE TABLE bookmarks (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, post_id)
);

-- Following a post: notified of its answers and comments. Authors follow their own posts.
CREATE TABLE post_follows (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, post_id)
);
CREATE INDEX post_follows_post ON post_follows (post_id, user_id);

-- Following a tag: notified of new posts with it.
CREATE TABLE tag_follows (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, tag)
);
CREATE INDEX tag_follows_tag ON tag_follows (tag, user_id);

-- Unanswered questions suggested to members likely to know: once per member and question.
CREATE TABLE question_routes (
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- why this member: "level 4 in Kubernetes", "3 accepted answers on kubernetes"
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

-- A member's preferences outside the profile. No row: every default.
CREATE TABLE member_settings (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    -- not shown on leaderboards (points and badges are still earned)
    leaderboard_opt_out BIGINT NOT NULL DEFAULT 0,
    -- no "can you answer this?" suggestions for unanswered questions
    mute_question_routing BIGINT NOT NULL DEFAULT 0,
    -- e-mail for notifications: off | immediate | daily
    email_mode TEXT NOT NULL DEFAULT 'immediate',
    -- when the last daily digest went out
    digest_sent_at BIGINT
);
