-- read-optional: a reader of a database from before it reads what that database has.
-- A host takes as many requests at once as its source's parallel says,
-- from every worker together: each request holds one of the host's slots
-- (0 to parallel-1) from the moment it is taken until the answer, and that
-- slot opens again a delay after its answer, as colly's limit rule spaces
-- each of its parallel slots. hosts.next_allowed stays the host's own
-- (Retry-After, a host paused) and closes every slot. The one turn per host
-- of 0008 is slot 0; its columns go. Times are the store's clock, Unix
-- milliseconds.
CREATE TABLE host_slots (
	host         TEXT NOT NULL,
	slot         INTEGER NOT NULL,
	held_by      TEXT NOT NULL DEFAULT '',    -- the request's holder; '' when none
	held_until   INTEGER NOT NULL DEFAULT 0,  -- the hold lapses then (its holder died)
	next_allowed INTEGER NOT NULL DEFAULT 0,  -- a delay after the slot's last answer
	PRIMARY KEY (host, slot)
) WITHOUT ROWID;
INSERT INTO host_slots (host, slot, held_by, held_until) SELECT host, 0, held_by, held_until FROM hosts WHERE held_by <> '';
ALTER TABLE hosts DROP COLUMN held_by;
ALTER TABLE hosts DROP COLUMN held_until;
