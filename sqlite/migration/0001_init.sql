-- Articles are keyed by canonical URL: a re-crawl updates the row, never adds one.
CREATE TABLE articles (
	id               INTEGER PRIMARY KEY,
	url              TEXT NOT NULL UNIQUE,
	source           TEXT NOT NULL,
	title            TEXT NOT NULL,
	subtitle         TEXT NOT NULL DEFAULT '',
	kicker           TEXT NOT NULL DEFAULT '',
	author           TEXT NOT NULL DEFAULT '',
	editor           TEXT NOT NULL DEFAULT '',
	origin           TEXT NOT NULL DEFAULT '',  -- reprint origin, e.g. 新华社
	print_page       TEXT NOT NULL DEFAULT '',  -- People's Daily print page, 01 = front page
	fingerprint      INTEGER NOT NULL DEFAULT 0, -- 64-bit SimHash of the body: reprints are a few bits apart
	published        TEXT NOT NULL,           -- RFC 3339, China time
	day              TEXT NOT NULL,           -- YYYY-MM-DD of published, China time
	published_source TEXT NOT NULL,           -- page|meta|url|feed|crawl
	body             TEXT NOT NULL,
	chars            INTEGER NOT NULL,        -- characters (runes) in body
	lang             TEXT NOT NULL,
	charset          TEXT NOT NULL,
	method           TEXT NOT NULL,           -- extraction rule used, or generic
	content_hash     TEXT NOT NULL,           -- sha256 of title + body
	lexicon_version  TEXT NOT NULL,           -- version of the lexicon the mentions came from
	fetched_at       TEXT NOT NULL            -- RFC 3339 UTC
);
CREATE INDEX articles_source_day ON articles (source, day);

-- Mentions per (article, term). nested counts the mentions that sit inside a
-- longer mention of another term, so reports can tell them from standalone ones.
-- spans holds every mention's place in title + "\n" + body, a few bytes each
-- (see store/spans.go); sentences are cut from the stored text when asked for,
-- so a 100-mention article costs a few hundred bytes, not 100 sentences.
CREATE TABLE mentions (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	term       TEXT NOT NULL,
	count      INTEGER NOT NULL CHECK (count > 0),
	nested     INTEGER NOT NULL DEFAULT 0,
	spans      BLOB NOT NULL DEFAULT x'',
	PRIMARY KEY (article_id, term)
) WITHOUT ROWID;
CREATE INDEX mentions_term ON mentions (term, article_id);

-- Per-day aggregates, kept in the same transaction as the article, so a report
-- reads a few hundred rows instead of joining every article.
CREATE TABLE daily_terms (
	term     TEXT NOT NULL,
	source   TEXT NOT NULL,
	day      TEXT NOT NULL,
	mentions INTEGER NOT NULL,
	nested   INTEGER NOT NULL DEFAULT 0, -- of mentions, those inside a longer mention of another term
	articles INTEGER NOT NULL,
	PRIMARY KEY (term, source, day)
) WITHOUT ROWID;

CREATE TABLE daily_sources (
	source   TEXT NOT NULL,
	day      TEXT NOT NULL,
	articles INTEGER NOT NULL,
	chars    INTEGER NOT NULL,
	PRIMARY KEY (source, day)
) WITHOUT ROWID;

-- One row per source per crawl run: what the operator reads to see a source break.
-- summary is the crawler's JSON summary of the source's run (fetched, new,
-- errors by kind, extraction methods, charsets, median body length, ...):
-- what health checks compare with the runs before.
CREATE TABLE runs (
	id        INTEGER PRIMARY KEY,
	source    TEXT NOT NULL,
	kind      TEXT NOT NULL DEFAULT 'crawl',  -- crawl or backfill
	started   TEXT NOT NULL,
	finished  TEXT NOT NULL,
	failed    INTEGER NOT NULL,
	summary   TEXT NOT NULL
);
CREATE INDEX runs_source ON runs (source, id);

-- Where an interrupted retag resumes: the last article id done, per job
-- (lexicon version and terms), written in the same transaction as the batch.
CREATE TABLE retag_progress (
	job     TEXT PRIMARY KEY,
	last_id INTEGER NOT NULL
);

-- The crawl frontier: article URLs found and not yet stored. It lives here,
-- not in memory, so a crawl killed at any moment resumes where it stopped.
-- A row leaves when its article is stored (or the page is gone for good).
CREATE TABLE frontier (
	url        TEXT PRIMARY KEY,           -- canonical
	fetch_url  TEXT NOT NULL,              -- as linked: what to request
	source     TEXT NOT NULL,
	found      TEXT NOT NULL,              -- RFC 3339 UTC
	attempts   INTEGER NOT NULL DEFAULT 0, -- failed fetches so far, over all runs
	next_try   TEXT NOT NULL DEFAULT '',   -- RFC 3339 UTC; empty: now
	last_error TEXT NOT NULL DEFAULT '',
	feed_date  TEXT NOT NULL DEFAULT '',   -- RFC 3339: the date a feed or sitemap gave, for a page that gives none
	gone       INTEGER NOT NULL DEFAULT 0  -- 1: given up (404, 410, too many failures); kept for health reports
);
CREATE INDEX frontier_source ON frontier (source, gone, next_try);

-- Validators for conditional GET of listing pages and feeds.
CREATE TABLE http_cache (
	url           TEXT PRIMARY KEY,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT ''
);

-- What a backfill found for each day of a date-addressable archive: the day
-- was walked, and these article URLs belong to it. Stored is counted from
-- articles, so it is never out of step.
CREATE TABLE backfill_days (
	source TEXT NOT NULL,
	day    TEXT NOT NULL,
	walked TEXT NOT NULL,               -- RFC 3339 UTC of the last walk
	error  TEXT NOT NULL DEFAULT '',    -- why the day's pages could not be read, if so
	PRIMARY KEY (source, day)
) WITHOUT ROWID;
CREATE TABLE backfill_urls (
	source TEXT NOT NULL,
	day    TEXT NOT NULL,
	url    TEXT NOT NULL,               -- canonical
	PRIMARY KEY (source, day, url)
) WITHOUT ROWID;
