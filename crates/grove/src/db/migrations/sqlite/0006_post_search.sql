-- The search document of each post (rowid = post id): title, tags, then body with its visible
-- answers, as Grove prepares them (accents folded, CJK split into overlapping pairs), and facet
-- tokens (kind, community, tags, answered) that let filters narrow the match inside the index.
CREATE VIRTUAL TABLE post_search USING fts5(
    title, tags, body, facets,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
