-- Prefix indexes for 2- and 3-letter prefixes: the directory matches every word typed as a
-- prefix, and short ones ("eng", "ch") would otherwise merge thousands of term lists.
CREATE VIRTUAL TABLE member_search USING fts5(
    name, headline, body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
