-- Marks the file as tifa's in its header (application id "tifa"), so tifa
-- can refuse another application's SQLite file before writing to it.
PRAGMA application_id = 1953064545;
