-- The session list's silo filter (issue 10) takes a silo name for every generation of that silo:
-- owner values are name/ip:port@generation, so a name is the range ["name/", "name0") of owner_silo
-- in byte order ('0' is the byte after '/'). Byte order is what COLLATE "C" compares, whatever the
-- database's locale, so the (owner_silo, session_id) index of migration 0004 serves the range, and
-- the order agrees with the in-memory store's ordinal prefix test. Same type, so rows are not
-- rewritten; the index on the column is rebuilt (as in 0002).
ALTER TABLE sessions ALTER COLUMN owner_silo TYPE text COLLATE "C";
