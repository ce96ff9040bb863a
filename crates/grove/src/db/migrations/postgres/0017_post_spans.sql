-- Each search document gets the word of its span of 16,384 post ids (zspan<id / 16384>, sixteen
-- blocks), weight D like the other facets, so that the newest matches of a word in one post in
-- a thousand are asked from a few span words instead of dozens of block words, or all of the
-- word's matches (see knowledge/search.rs, SPAN). The titles' and headings' columns follow.
UPDATE post_search SET document = document
    || setweight(to_tsvector('simple', 'zspan' || (post_id / 16384)), 'D');
-- Every updated row went into the indexes' pending lists, which each search reads through.
SELECT gin_clean_pending_list('post_search_document'::regclass);
SELECT gin_clean_pending_list('post_search_title_terms'::regclass);
SELECT gin_clean_pending_list('post_search_heading_terms'::regclass);
ANALYZE post_search;
