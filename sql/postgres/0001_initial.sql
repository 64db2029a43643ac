-- SessionGrid schema, version 1. Applied once, in a transaction, by the migrations runner
-- (src/SessionGrid.Postgres) or by an operator with psql -f. Never edit after it has landed:
-- add a new numbered file instead.

-- One row per session id: typed, indexed columns for what operators filter and sort on.
-- version is the ETag of the grain state; owner_silo/owner_epoch record which silo's activation
-- holds the session (claimed by compare-and-swap; every write is conditional on version).
CREATE TABLE sessions (
    session_id                   text        PRIMARY KEY,
    incarnation                  integer     NOT NULL,
    status                       text        NOT NULL CHECK (status IN ('live', 'leave', 'closed')),
    status_reason                text        NOT NULL DEFAULT '',
    first_seen                   timestamptz NOT NULL,
    state_since                  timestamptz NOT NULL,
    last_heartbeat               timestamptz NULL,
    last_activity                timestamptz NOT NULL,
    interval_ms                  bigint      NOT NULL,
    heartbeats_received          bigint      NOT NULL DEFAULT 0,
    missed_intervals_completed   bigint      NOT NULL DEFAULT 0,
    leaves                       bigint      NOT NULL DEFAULT 0,
    recoveries                   bigint      NOT NULL DEFAULT 0,
    reconnects                   bigint      NOT NULL DEFAULT 0,
    protocol_violations          bigint      NOT NULL DEFAULT 0,
    bytes_in                     bigint      NOT NULL DEFAULT 0,
    recovery_streak              integer     NOT NULL DEFAULT 0,
    connected                    boolean     NOT NULL DEFAULT false,
    connected_since              timestamptz NULL,
    connections_this_incarnation integer     NOT NULL DEFAULT 0,
    reconnected_in_leave         boolean     NOT NULL DEFAULT false,
    remote_endpoint              text        NULL,
    remote_ip                    inet        NULL,
    remote_port                  integer     NULL,
    pid                          bigint      NULL,
    declared_ip                  text        NULL,
    owner_silo                   text        NULL,
    owner_epoch                  bigint      NOT NULL DEFAULT 0,
    transition_seq               bigint      NOT NULL DEFAULT 0,
    recent_transitions           jsonb       NOT NULL DEFAULT '[]'::jsonb,
    version                      bigint      NOT NULL,
    updated_at                   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sessions_status_id_idx      ON sessions (status, session_id);
CREATE INDEX sessions_status_since_idx   ON sessions (status, state_since);
CREATE INDEX sessions_last_heartbeat_idx ON sessions (last_heartbeat);
CREATE INDEX sessions_remote_ip_idx      ON sessions (remote_ip);
CREATE INDEX sessions_owner_silo_idx     ON sessions (owner_silo);

-- Append-only log of transitions. (session_id, seq) makes the write idempotent: a retried
-- write of the same transition inserts nothing.
CREATE TABLE session_events (
    id          bigserial   PRIMARY KEY,
    session_id  text        NOT NULL,
    seq         bigint      NOT NULL,
    incarnation integer     NOT NULL,
    time        timestamptz NOT NULL,
    from_status text        NULL CHECK (from_status IN ('live', 'leave', 'closed')),
    to_status   text        NOT NULL CHECK (to_status IN ('live', 'leave', 'closed')),
    reason      text        NOT NULL,
    silo        text        NULL,
    CONSTRAINT session_events_session_seq_key UNIQUE (session_id, seq)
);

-- "Recent events" of the whole grid; "history of one session" uses the unique key above.
CREATE INDEX session_events_time_idx ON session_events (time DESC);

-- State of grain types other than sessions: one jsonb payload per (type, key, state name).
CREATE TABLE grain_state (
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    state_name  text        NOT NULL,
    payload     jsonb       NOT NULL,
    version     bigint      NOT NULL,
    owner_silo  text        NULL,
    owner_epoch bigint      NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key, state_name)
);

-- Durable reminders. grain_hash is GrainId.GetUniformHashCode() (0 .. 2^32-1) so each silo loads
-- only its hash ranges, and only what is due soon.
CREATE TABLE reminders (
    grain_id   text        NOT NULL,
    name       text        NOT NULL,
    start_at   timestamptz NOT NULL,
    next_due   timestamptz NOT NULL,
    period_ms  bigint      NOT NULL CHECK (period_ms >= 0),
    grain_hash bigint      NOT NULL CHECK (grain_hash >= 0 AND grain_hash <= 4294967295),
    version    bigint      NOT NULL,
    PRIMARY KEY (grain_id, name)
);

CREATE INDEX reminders_hash_due_idx ON reminders (grain_hash, next_due);
