-- Until now articles.url held the canonical key (always https, aliases
-- mapped, tracking parameters dropped), so links shown pointed at pages a
-- site never served. The key keeps deduplicating under its own name; url is
-- the URL that answered. Rows stored before this keep their key as url
-- until their page is fetched again. Renaming keeps the UNIQUE constraint
-- and every id, so no mention or aggregate moves.
ALTER TABLE articles RENAME COLUMN url TO key;
ALTER TABLE articles ADD COLUMN url TEXT NOT NULL DEFAULT '';
UPDATE articles SET url = key;
CREATE INDEX articles_url ON articles (url);

-- A 304 on a listing, feed or sitemap must not hide its links: the body of
-- the last 200 is kept to be read again. sig is the source's patterns and
-- hosts when it was fetched: validators saved under other patterns are not
-- sent, so a changed source reads its pages afresh. Validators stored
-- before this have no body and are not sent either.
ALTER TABLE http_cache ADD COLUMN body BLOB NOT NULL DEFAULT x'';
ALTER TABLE http_cache ADD COLUMN content_type TEXT NOT NULL DEFAULT '';
ALTER TABLE http_cache ADD COLUMN sig TEXT NOT NULL DEFAULT '';
