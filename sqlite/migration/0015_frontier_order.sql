-- read-optional: an index only; without it a claim sorts instead.
-- A claim takes a source's due URLs in the order they were found (ORDER BY
-- rowid). frontier_source (source, gone, next_try) finds them but not in
-- that order, so without table statistics (tifa runs no ANALYZE) SQLite
-- read every waiting URL of the source into a temporary b-tree and sorted
-- it on every claim: 3.5 ms with 15,000 waiting, so a crawl's claims cost
-- the square of its size. An index on (source, gone) holds each source's
-- rows in rowid order (the rowid ends every index key): the claim reads
-- the first due ones and stops, 0.05 ms.
CREATE INDEX frontier_order ON frontier (source, gone);
