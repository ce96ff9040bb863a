-- Every word the search index holds (titles, tags, texts; not the facets), once: a word typed in
-- a search is spelled out into the indexed words it begins with one range read here.
CREATE TABLE search_words (word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE temp.post_search_columns USING fts5vocab(main, post_search, 'col');
INSERT INTO search_words (word)
    SELECT DISTINCT term FROM temp.post_search_columns WHERE col <> 'facets';
DROP TABLE temp.post_search_columns;
-- The vocabulary table that spelled prefixes out before (one seek per word) is no longer read.
DROP TABLE post_search_terms;
