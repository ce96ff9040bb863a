-- The title words of each search document also as words of their block of 1,024 post ids
-- ("zt976xteam": "team" in a title of block 976), in the titles' column only. A search for the
-- newest posts with a word in the title then asks the GIN index for that word's own matches in
-- the newest blocks, instead of checking every post of those blocks against the word (see
-- knowledge/search.rs; 1,024 is its BLOCK).
CREATE FUNCTION grove_title_blocks(document TSVECTOR, post_id BIGINT) RETURNS TSVECTOR
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_to_tsvector(ARRAY(
        SELECT 'zt' || (post_id / 1024) || 'x' || lexeme FROM unnest(ts_filter(document, '{a}'))
    )) $$;
ALTER TABLE post_search DROP COLUMN title_terms;
ALTER TABLE post_search ADD COLUMN title_terms TSVECTOR
    GENERATED ALWAYS AS (ts_filter(document, '{a,d}') || grove_title_blocks(document, post_id)) STORED;
CREATE INDEX post_search_title_terms ON post_search USING GIN (title_terms);
-- The new column has no statistics yet, and search chooses its way by them.
ANALYZE post_search;
