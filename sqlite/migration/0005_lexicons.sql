-- read-optional: a reader of a database from before it reads what that database has.
-- What the counts were made with, so a database read without the configuration
-- that built it still knows its terms, their labels and its sources, and an
-- earlier lexicon can be applied again (tifa retag --version).

-- One row per lexicon version ever counted with. used orders them: the
-- highest is the database's current lexicon, the one the last crawl, import,
-- reprocess or retag applied.
CREATE TABLE lexicons (
	version   TEXT PRIMARY KEY,          -- tagger.VersionOf the terms below
	origin    TEXT NOT NULL DEFAULT '',  -- the configuration it came from, for messages
	first_use TEXT NOT NULL,             -- RFC 3339 UTC
	last_use  TEXT NOT NULL,             -- RFC 3339 UTC
	used      INTEGER NOT NULL           -- order of last use
);

-- A lexicon's terms as configured. zh, en and categories are JSON arrays of
-- strings. Labels, categories and notes do not enter the version: the latest
-- recording of a version keeps the latest of them.
CREATE TABLE lexicon_terms (
	version    TEXT NOT NULL REFERENCES lexicons (version) ON DELETE CASCADE,
	position   INTEGER NOT NULL,          -- order in the configuration
	id         TEXT NOT NULL,
	label      TEXT NOT NULL DEFAULT '',
	zh         TEXT NOT NULL DEFAULT '[]',
	en         TEXT NOT NULL DEFAULT '[]',
	categories TEXT NOT NULL DEFAULT '[]',
	ambiguous  INTEGER NOT NULL DEFAULT 0,
	notes      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (version, id)
) WITHOUT ROWID;

-- The latest definition of each source stored articles came from, as the
-- configuration's YAML for that source.
CREATE TABLE sources (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL DEFAULT '',
	definition TEXT NOT NULL,
	origin     TEXT NOT NULL DEFAULT '',  -- the configuration it came from
	first_use  TEXT NOT NULL,
	last_use   TEXT NOT NULL
);

-- Which articles a lexicon change leaves stale, read on every report: the
-- index answers without reading the article rows.
CREATE INDEX articles_lexicon ON articles (lexicon_version);
