-- The titles, tags and facets of the posts in the search index again, in an index of their own
-- (rowid = post id): a search ranks posts with the words in their title first, then in their
-- tags, and asking this small index for those finds them without reading the lists of every
-- body that holds the words.
CREATE VIRTUAL TABLE post_headings USING fts5(
    title, tags, facets,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO post_headings (rowid, title, tags, facets)
    SELECT rowid, title, tags, facets FROM post_search;
