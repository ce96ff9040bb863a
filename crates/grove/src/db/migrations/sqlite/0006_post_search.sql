-- The search document of each post (rowid = post id): title, tags, then body with its visible
-- answers, as Grove prepares them (accents folded, CJK split into overlapping pairs), and facet
-- tokens (kind, community, tags, answered) that let filters narrow the match inside the index.
CREATE VIRTUAL TABLE post_search USING fts5(
    title, tags, body, facets,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- The index's words, to tell whether a word typed is a whole indexed word (matched exactly, at
-- once) or the start of longer ones (matched as a prefix, which merges every such word's list).
CREATE VIRTUAL TABLE post_search_terms USING fts5vocab(post_search, 'instance');
