-- read-optional: a reader of a database from before it reads what that database has.
-- The frontier is claimed, not just read: a URL handed to a worker is leased
-- to it until a deadline, so two workers never fetch it at once and a worker
-- that dies leaves nothing stranded (its lease runs out and the URL is
-- claimable again). Times here are Unix milliseconds, compared as numbers.
ALTER TABLE frontier ADD COLUMN worker TEXT NOT NULL DEFAULT '';         -- holder of the lease; '' when none
ALTER TABLE frontier ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;  -- 0: not leased
ALTER TABLE frontier ADD COLUMN claimed INTEGER NOT NULL DEFAULT 0;      -- last claim: one turn per run

-- Politeness is the database's, not one process's: every request to a host
-- first reserves the host's next allowed time, so processes sharing the
-- database share the delay.
CREATE TABLE hosts (
	host         TEXT PRIMARY KEY,
	next_allowed INTEGER NOT NULL  -- Unix ms: no request to the host before it
) WITHOUT ROWID;
