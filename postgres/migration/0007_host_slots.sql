-- A host takes as many requests at once as its source's parallel says,
-- from every worker together (sqlite's 0013): each request holds one of
-- the host's slots (0 to parallel-1) from the moment it is taken until the
-- answer, and that slot opens again a delay after its answer, as colly's
-- limit rule spaces each of its parallel slots. hosts.next_allowed stays
-- the host's own (Retry-After, a host paused, ClaimHosts' delay) and closes
-- every slot. The one turn per host of 0002 is slot 0; its columns go.
CREATE TABLE host_slots (
	host         text COLLATE "C" NOT NULL,
	slot         integer NOT NULL,
	held_by      text NOT NULL DEFAULT '',
	held_until   timestamptz NOT NULL DEFAULT '-infinity',
	next_allowed timestamptz NOT NULL DEFAULT '-infinity',
	PRIMARY KEY (host, slot)
);
INSERT INTO host_slots (host, slot, held_by, held_until) SELECT host, 0, held_by, held_until FROM hosts WHERE held_by <> '';
ALTER TABLE hosts DROP COLUMN held_by, DROP COLUMN held_until;
