-- Schema 1: accounts, profiles, taxonomy, connections. Shared by both engines; the engine-specific
-- parts (identity columns, full-text index) are in sqlite/ and postgres/.
-- @ID@ is replaced by the engine's auto-increment primary key.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE organizations (
    id @ID@,
    name TEXT NOT NULL UNIQUE,
    domain TEXT,
    is_home BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE departments (
    id @ID@,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE org_values (
    id @ID@,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    position BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE skills (
    id @ID@,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL DEFAULT ''
);

-- Names that were merged into another skill keep resolving to it.
CREATE TABLE skill_aliases (
    name_key TEXT PRIMARY KEY,
    skill_id BIGINT NOT NULL REFERENCES skills(id) ON DELETE CASCADE
);

CREATE TABLE users (
    id @ID@,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member',
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    pronouns TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    department_id BIGINT REFERENCES departments(id) ON DELETE SET NULL,
    organization_id BIGINT REFERENCES organizations(id) ON DELETE SET NULL,
    manager_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    seniority BIGINT NOT NULL DEFAULT 0,
    location TEXT NOT NULL DEFAULT '',
    time_zone TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    interests TEXT NOT NULL DEFAULT '',
    goals TEXT NOT NULL DEFAULT '',
    mentoring TEXT NOT NULL DEFAULT 'none',
    mentor_capacity BIGINT NOT NULL DEFAULT 0,
    visibility TEXT NOT NULL DEFAULT 'organization'
);
CREATE INDEX users_name ON users (name);
CREATE INDEX users_department ON users (department_id, name);
CREATE INDEX users_location ON users (location, name);
CREATE INDEX users_created ON users (created_at, id);

CREATE TABLE member_languages (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    PRIMARY KEY (user_id, language)
);
CREATE INDEX member_languages_language ON member_languages (language, user_id);

CREATE TABLE member_skills (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    skill_id BIGINT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    level BIGINT NOT NULL,
    can_teach BIGINT NOT NULL DEFAULT 0,
    wants_to_learn BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, skill_id)
);
CREATE INDEX member_skills_skill ON member_skills (skill_id, level, user_id);

CREATE TABLE member_values (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    value_id BIGINT NOT NULL REFERENCES org_values(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, value_id)
);

CREATE TABLE career_roles (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    organization TEXT NOT NULL DEFAULT '',
    start_month TEXT NOT NULL,
    end_month TEXT
);
CREATE INDEX career_roles_user ON career_roles (user_id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id @ID@,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE invitations (
    id @ID@,
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member',
    invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT
);

CREATE TABLE login_failures (
    id @ID@,
    email TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);

-- user_a < user_b, so a pair has one row whoever asked.
CREATE TABLE connections (
    user_a BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_b BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    requester_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    accepted_at BIGINT,
    PRIMARY KEY (user_a, user_b)
);
CREATE INDEX connections_b ON connections (user_b, user_a);

CREATE TABLE follows (
    follower_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    followee_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows (followee_id);

CREATE TABLE endorsements (
    endorser_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    skill_id BIGINT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, skill_id, endorser_id)
);

CREATE TABLE audit_log (
    id @ID@,
    actor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at BIGINT NOT NULL
);
