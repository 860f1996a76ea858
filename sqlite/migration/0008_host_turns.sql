-- read-optional: a reader of a database from before it reads what that database has.
-- A host's turn is held from the moment a worker takes it until the answer
-- arrives: no other worker sends to the host meanwhile, and the next turn
-- comes a delay after the answer, not after the claim (a worker stalled
-- between taking its turn and sending would otherwise come close to the
-- next one). held_until is a short deadline: a worker killed while holding
-- a turn keeps the host only until then. Times are the store's clock, Unix
-- milliseconds.
ALTER TABLE hosts ADD COLUMN held_by TEXT NOT NULL DEFAULT '';       -- the turn's holder; '' when none
ALTER TABLE hosts ADD COLUMN held_until INTEGER NOT NULL DEFAULT 0;  -- the hold lapses then
