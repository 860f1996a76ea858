-- One row per source: the latest reading of its listings. Crawls started
-- together on several machines read a source's listings once per round:
-- the first to begin holds the row (held_until, renewed while it reads),
-- the others see it and drain the frontier. Times are the server's clock;
-- finished is NULL until the discovery ended complete.
CREATE TABLE discoveries (
	source     text PRIMARY KEY,
	worker     text NOT NULL,
	started    timestamptz NOT NULL,
	held_until timestamptz NOT NULL,
	finished   timestamptz
);
