-- Identifiers compare byte for byte (COLLATE "C"), whatever the database's default collation.
--
-- Session ids are opaque identifiers that clients choose (PROTOCOL.md), not words: a locale's
-- collation would order "A-1", "a_1", "a-2" by language rules that change with the database's locale
-- (and with glibc/ICU upgrades, which silently corrupt such indexes), so the API's lists would come
-- back in another order than the in-memory store's ordinal one. "C" is also the cheapest comparison
-- for the primary-key lookups every flush batch makes. Indexes on these columns are rebuilt; rows are
-- not rewritten (the type stays text).
ALTER TABLE sessions       ALTER COLUMN session_id TYPE text COLLATE "C";
ALTER TABLE session_events ALTER COLUMN session_id TYPE text COLLATE "C";
ALTER TABLE grain_state    ALTER COLUMN grain_type TYPE text COLLATE "C",
                           ALTER COLUMN grain_key  TYPE text COLLATE "C",
                           ALTER COLUMN state_name TYPE text COLLATE "C";
ALTER TABLE reminders      ALTER COLUMN grain_id   TYPE text COLLATE "C",
                           ALTER COLUMN name       TYPE text COLLATE "C";
