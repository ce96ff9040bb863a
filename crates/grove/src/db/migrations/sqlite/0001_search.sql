CREATE VIRTUAL TABLE member_search USING fts5(
    name, headline, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
