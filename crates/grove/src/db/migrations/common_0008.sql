-- E-mail for notifications (see docs/notifications.md).

-- Mail waiting to go out, sent, or given up on. A row is an immediate notification (its message
-- and link copied, so it reads the same if the notification is later deleted) or a member's
-- daily digest (the unread notifications created in (digest_since, digest_until]).
CREATE TABLE email_outbox (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- notification | digest
    kind TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    digest_since BIGINT,
    digest_until BIGINT,
    -- queued | sent | failed (given up after the last retry)
    status TEXT NOT NULL DEFAULT 'queued',
    attempts BIGINT NOT NULL DEFAULT 0,
    -- a queued row is due from then on; a sender that claims it moves it forward (a lease), so
    -- a sender that dies mid-send leaves it to be retried, not lost
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX email_outbox_done ON email_outbox (created_at) WHERE status <> 'queued';

-- Daily-digest members, looked up once a minute by when their last digest went out.
CREATE INDEX member_settings_daily ON member_settings (digest_sent_at) WHERE email_mode = 'daily';

-- One row (id 1): when a server able to send mail (SMTP configured) was last running. Mail is
-- queued only while one is, so a Grove without SMTP queues nothing.
CREATE TABLE email_sender (
    id BIGINT PRIMARY KEY,
    seen_at BIGINT NOT NULL
);
