-- The search document of each post (rowid = post id): title, tags, then body with its visible
-- answers, as Grove prepares them (accents folded, CJK split into overlapping pairs).
CREATE VIRTUAL TABLE post_search USING fts5(
    title, tags, body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
