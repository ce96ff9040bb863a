-- Schema 3: mentorship programs (enrollment, matching runs and their adjustments, mentor
-- requests), the relationships that follow (goals, check-ins, private notes, milestones,
-- feedback), and in-app notifications.

CREATE TABLE programs (
    id @ID@,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- one_on_one | group | reverse | peer
    kind TEXT NOT NULL,
    -- mentees per group (group) or people per circle (peer); 0 otherwise
    group_size BIGINT NOT NULL DEFAULT 0,
    -- lead | self_service
    matching_mode TEXT NOT NULL,
    -- open | closed | running | ended
    phase TEXT NOT NULL DEFAULT 'open',
    enrollment_opens BIGINT NOT NULL,
    enrollment_closes BIGINT NOT NULL,
    matching_on BIGINT NOT NULL,
    ends_on BIGINT NOT NULL,
    -- everyone | departments | organizations (the lists are in program_audience)
    audience TEXT NOT NULL DEFAULT 'everyone',
    -- capacity rule: a mentor takes at most max_mentees, or fewer if their profile says so
    max_mentees BIGINT NOT NULL DEFAULT 2,
    capacity_from_profile BIGINT NOT NULL DEFAULT 1,
    favour_bridges BIGINT NOT NULL DEFAULT 0,
    -- grove-match criteria weights and musts, cross-department rule, time-zone reach (JSON)
    settings TEXT NOT NULL DEFAULT '{}',
    -- a relationship with no check-in for this many weeks is flagged
    checkin_weeks BIGINT NOT NULL DEFAULT 3,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX programs_phase ON programs (phase, enrollment_closes);

CREATE TABLE program_audience (
    program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    department_id BIGINT REFERENCES departments(id) ON DELETE CASCADE,
    organization_id BIGINT REFERENCES organizations(id) ON DELETE CASCADE
);
CREATE INDEX program_audience_program ON program_audience (program_id);

CREATE TABLE program_questions (
    id @ID@,
    program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    prompt TEXT NOT NULL,
    -- choice (one option) | choices (several) | text
    kind TEXT NOT NULL,
    -- one option per line
    options TEXT NOT NULL DEFAULT '',
    -- what the answer adds to for matching: '' | goals | interests | values | skills
    criterion TEXT NOT NULL DEFAULT '',
    -- mentor | mentee | both
    asked_of TEXT NOT NULL DEFAULT 'both',
    required BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX program_questions_program ON program_questions (program_id, position);

CREATE TABLE enrollments (
    id @ID@,
    program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- mentor | mentee | both (peer programs: both)
    role TEXT NOT NULL,
    -- mentees this mentor takes in this program
    capacity BIGINT NOT NULL DEFAULT 0,
    -- question id -> list of answers (JSON object)
    answers TEXT NOT NULL DEFAULT '{}',
    -- enrolled | withdrawn
    status TEXT NOT NULL DEFAULT 'enrolled',
    created_at BIGINT NOT NULL,
    UNIQUE (program_id, user_id)
);
CREATE INDEX enrollments_user ON enrollments (user_id);

CREATE TABLE program_invitations (
    program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (program_id, user_id)
);

CREATE TABLE match_runs (
    id @ID@,
    program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    pair_count BIGINT NOT NULL,
    total_score DOUBLE PRECISION NOT NULL,
    -- counts, the unmatched with reasons, fairness report, network effect (JSON)
    summary TEXT NOT NULL,
    duration_ms BIGINT NOT NULL DEFAULT 0,
    published_at BIGINT
);
CREATE INDEX match_runs_program ON match_runs (program_id, id);

CREATE TABLE match_run_pairs (
    run_id BIGINT NOT NULL REFERENCES match_runs(id) ON DELETE CASCADE,
    mentee_id BIGINT NOT NULL,
    -- NULL for a member of a peer circle
    mentor_id BIGINT,
    -- peer circle number (peer programs)
    circle BIGINT,
    score DOUBLE PRECISION NOT NULL,
    locked BIGINT NOT NULL DEFAULT 0,
    -- grove-match's explained PairScore (JSON)
    breakdown TEXT NOT NULL DEFAULT ''
);
CREATE INDEX match_run_pairs_run ON match_run_pairs (run_id, mentee_id);

CREATE TABLE match_adjustments (
    program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    mentee_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    mentor_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- lock (the pair is kept in every run) | forbid (never paired)
    kind TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (program_id, mentee_id, mentor_id)
);

CREATE TABLE mentor_requests (
    id @ID@,
    program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    mentee_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    mentor_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message TEXT NOT NULL DEFAULT '',
    -- pending | accepted | declined | withdrawn
    status TEXT NOT NULL DEFAULT 'pending',
    reason TEXT NOT NULL DEFAULT '',
    score DOUBLE PRECISION NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    answered_at BIGINT
);
CREATE INDEX mentor_requests_mentor ON mentor_requests (mentor_id, status);
CREATE INDEX mentor_requests_program ON mentor_requests (program_id, mentee_id);

-- A relationship: one mentor and one mentee, a mentor's group, or a peer circle.
CREATE TABLE mentorships (
    id @ID@,
    program_id BIGINT REFERENCES programs(id) ON DELETE CASCADE,
    -- one_on_one | group | reverse | peer
    kind TEXT NOT NULL,
    -- active | ended
    status TEXT NOT NULL DEFAULT 'active',
    score DOUBLE PRECISION,
    started_at BIGINT NOT NULL,
    ended_at BIGINT,
    end_reason TEXT NOT NULL DEFAULT '',
    ended_early BIGINT NOT NULL DEFAULT 0,
    last_checkin_at BIGINT,
    last_reminded_at BIGINT
);
CREATE INDEX mentorships_program ON mentorships (program_id, status);

CREATE TABLE mentorship_members (
    mentorship_id BIGINT NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- mentor | mentee | peer
    role TEXT NOT NULL,
    rematch_requested_at BIGINT,
    PRIMARY KEY (mentorship_id, user_id)
);
CREATE INDEX mentorship_members_user ON mentorship_members (user_id, mentorship_id);

CREATE TABLE mentorship_goals (
    id @ID@,
    mentorship_id BIGINT NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    target_on BIGINT,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    -- set when another member of the relationship agrees to the goal
    agreed_at BIGINT,
    met_at BIGINT
);
CREATE INDEX mentorship_goals_mentorship ON mentorship_goals (mentorship_id);

CREATE TABLE checkins (
    id @ID@,
    mentorship_id BIGINT NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    held_on BIGINT NOT NULL,
    -- shared with the members of the relationship, never with the program's leads
    notes TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX checkins_mentorship ON checkins (mentorship_id, held_on);

-- Private notes: only the author ever reads them.
CREATE TABLE mentorship_notes (
    id @ID@,
    mentorship_id BIGINT NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX mentorship_notes_author ON mentorship_notes (mentorship_id, author_id);

CREATE TABLE milestones (
    id @ID@,
    mentorship_id BIGINT NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    reached_on BIGINT NOT NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX milestones_mentorship ON milestones (mentorship_id);

CREATE TABLE mentorship_feedback (
    mentorship_id BIGINT NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- 1 to 5
    rating BIGINT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (mentorship_id, author_id)
);

CREATE TABLE notifications (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- what it is about: mentorship.matched, mentorship.request, program.invited, ...
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
-- The unread count is read on every page: only unread rows are indexed for it.
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
