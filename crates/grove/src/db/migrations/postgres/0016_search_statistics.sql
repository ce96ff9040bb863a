-- Search sizes its rounds by how many documents hold each word (knowledge/search.rs, from
-- pg_stats.most_common_elems). By default ANALYZE lists the 1,000 most common words of a
-- column, and a word it does not list may be in up to 1.2% of the bodies: too vague to choose
-- between reading all of a word's matches and looking block by block. Ten times the target
-- lists 10,000 words and lowers that bound to about 0.3%; ANALYZE then reads 300,000 rows
-- (a few seconds per million documents).
ALTER TABLE post_search
    ALTER COLUMN title_terms SET STATISTICS 1000,
    ALTER COLUMN heading_terms SET STATISTICS 1000,
    ALTER COLUMN document SET STATISTICS 1000;
ANALYZE post_search;
