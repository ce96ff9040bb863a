-- Every word the search index holds (titles, tags, texts; not the facets), once: a word typed in
-- a search is spelled out into the indexed words it begins with one range read here (byte order,
-- so that a prefix's words are one range whatever the database's collation).
CREATE TABLE search_words (word TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO search_words (word)
    SELECT word FROM ts_stat('SELECT ts_filter(document, ''{a,b,c}'') FROM post_search')
    WHERE word ~ '^[[:alnum:]]+$';
