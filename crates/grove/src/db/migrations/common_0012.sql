-- When the router last considered an unanswered question: each is suggested once, a day after it
-- was asked, instead of being looked at again on every round while it lacks three people to ask.
ALTER TABLE posts ADD COLUMN routed_at BIGINT;
UPDATE posts SET routed_at = (SELECT MIN(r.created_at) FROM question_routes r WHERE r.post_id = posts.id)
    WHERE EXISTS (SELECT 1 FROM question_routes r WHERE r.post_id = posts.id);
CREATE INDEX posts_unrouted_questions ON posts (published_at)
    WHERE kind = 'question' AND routed_at IS NULL;
