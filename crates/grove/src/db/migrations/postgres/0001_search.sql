CREATE TABLE member_search (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    document TSVECTOR NOT NULL
);
CREATE INDEX member_search_document ON member_search USING GIN (document);
