-- A host's turn is held from the moment a worker takes it until the answer
-- arrives: no other worker sends to the host meanwhile, and the next turn
-- comes a delay after the answer (hosts.next_allowed, set by whoever ends
-- the turn, on the server's clock), not after the claim: a worker stalled
-- between taking its turn and sending would otherwise come close to the
-- next one. held_until is a short deadline: a worker killed while holding
-- a turn keeps the host only until then.
ALTER TABLE hosts ADD COLUMN held_by text NOT NULL DEFAULT '';
ALTER TABLE hosts ADD COLUMN held_until timestamptz NOT NULL DEFAULT '-infinity';
