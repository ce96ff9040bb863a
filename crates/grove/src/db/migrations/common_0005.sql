-- Schema 5: the directory's change counter. Every change to what the member directory shows
-- moves `version` and stamps the changed member's row with it, so that each server's in-memory
-- directory index patches in just those members; `reset_version` is the version of the last
-- change to many members at once (taxonomy, bulk loads), after which indexes are rebuilt.
CREATE TABLE directory_version (
    id BIGINT PRIMARY KEY,
    version BIGINT NOT NULL,
    reset_version BIGINT NOT NULL
);
INSERT INTO directory_version (id, version, reset_version) VALUES (1, 0, 0);
ALTER TABLE users ADD COLUMN directory_version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX users_directory_version ON users (directory_version);
