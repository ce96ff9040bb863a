-- Each search document gets the word of its block of 1,024 post ids (zblock<id / 1024>), weight D
-- like the other facets, so that a search for a word neither rare nor common asks the GIN index
-- for its matches among the newest blocks first (see knowledge/search.rs).
UPDATE post_search SET document = document
    || setweight(to_tsvector('simple', 'zblock' || (post_id / 1024)), 'D');
-- Every updated row went into the indexes' pending lists, which each search reads through.
SELECT gin_clean_pending_list('post_search_document'::regclass);
SELECT gin_clean_pending_list('post_search_title_terms'::regclass);
SELECT gin_clean_pending_list('post_search_heading_terms'::regclass);
