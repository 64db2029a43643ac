-- The operator API (issue 10): indexes for every order of the session list, who made a transition,
-- and a notification per event so every silo's live feed sees every silo's transitions.

-- Keyset paging walks one index per order: (sort value, session_id) matches the API's
-- ORDER BY value, session_id and its cursor condition (value, session_id) > (v, id), both directions
-- (backwards for desc). The status filter is the common one, so each order also has a status-first
-- index. A last heartbeat that never came (NULL) sorts as the oldest: the expression keeps NULLs out
-- of the keyset comparison, and the same expression in the query lets the planner use the index.
CREATE INDEX sessions_list_heartbeat_idx        ON sessions ((coalesce(last_heartbeat, '-infinity'::timestamptz)), session_id);
CREATE INDEX sessions_list_status_heartbeat_idx ON sessions (status, (coalesce(last_heartbeat, '-infinity'::timestamptz)), session_id);
CREATE INDEX sessions_list_since_idx            ON sessions (state_since, session_id);
CREATE INDEX sessions_list_status_since_idx     ON sessions (status, state_since, session_id);
CREATE INDEX sessions_list_heartbeats_idx       ON sessions (heartbeats_received, session_id);
CREATE INDEX sessions_list_status_heartbeats_idx ON sessions (status, heartbeats_received, session_id);
CREATE INDEX sessions_owner_silo_id_idx         ON sessions (owner_silo, session_id);

-- Superseded by the indexes above, which have the same leading columns.
DROP INDEX sessions_status_since_idx;
DROP INDEX sessions_owner_silo_idx;

-- Who made a transition when a person did (a kick's operator), and their words for it.
ALTER TABLE session_events ADD COLUMN actor text NULL,
                           ADD COLUMN note  text NULL;

-- Every committed event is announced on channel session_events with its id as the payload (always
-- far below NOTIFY's 8000-byte limit, whatever the event holds); each silo LISTENs and reads the rows.
-- Notifications arrive in commit order and only after commit, so a listener never sees an event that
-- is not durable, nor misses one committed while it was listening (a tail by id could: ids are taken
-- before commit, so a lower id can commit after a higher one was read).
CREATE FUNCTION session_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('session_events', NEW.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER session_events_notify AFTER INSERT ON session_events
    FOR EACH ROW EXECUTE FUNCTION session_events_notify();
