-- The search document of each post: title (A), tags (B), then body with its visible answers (C),
-- as Grove prepares them (accents folded, CJK split into overlapping pairs), and facet tokens (D:
-- kind, community, tags, answered) that let filters narrow the match inside the index.
CREATE TABLE post_search (
    post_id BIGINT PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
    document TSVECTOR NOT NULL
);
CREATE INDEX post_search_document ON post_search USING GIN (document);
