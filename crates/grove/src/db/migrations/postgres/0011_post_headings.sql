-- The title (A) and the title with the tags (A, B) of each search document, with its facets
-- (D), as columns of their own with their own GIN indexes: a search ranks posts with the words
-- in their title first, then in their tags, and these small vectors answer that without
-- reading each post's whole document.
ALTER TABLE post_search
    ADD COLUMN title_terms TSVECTOR GENERATED ALWAYS AS (ts_filter(document, '{a,d}')) STORED,
    ADD COLUMN heading_terms TSVECTOR GENERATED ALWAYS AS (ts_filter(document, '{a,b,d}')) STORED;
CREATE INDEX post_search_title_terms ON post_search USING GIN (title_terms);
CREATE INDEX post_search_heading_terms ON post_search USING GIN (heading_terms);
