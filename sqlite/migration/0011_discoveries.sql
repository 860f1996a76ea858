-- read-optional: only crawls sharing a frontier read and write it.
-- One row per source: the latest reading of its listings. Crawls started
-- together on several machines read a source's listings once per round:
-- the first to begin holds the row (held_until, renewed while it reads),
-- the others see it and drain the frontier. Times are the store's clock,
-- Unix milliseconds; finished is 0 until the discovery ended complete.
CREATE TABLE discoveries (
	source     TEXT PRIMARY KEY,
	worker     TEXT NOT NULL,
	started    INTEGER NOT NULL,
	held_until INTEGER NOT NULL,
	finished   INTEGER NOT NULL DEFAULT 0
);
