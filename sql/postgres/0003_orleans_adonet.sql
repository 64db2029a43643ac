-- Orleans' ADO.NET reminder and grain storage providers (Microsoft.Orleans.Reminders.AdoNet and
-- Microsoft.Orleans.Persistence.AdoNet 10.4.2) on PostgreSQL. The packages ship no SQL: at start
-- they read the texts to run from OrleansQuery, keyed by name, and bind parameters by name. The
-- keys, parameter names and result column names are their contract; the tables and the SQL are
-- ours. The home-made runtime's reminders and generic grain_state tables are retired with it.

DROP TABLE reminders;
DROP TABLE grain_state;

-- The providers run "SELECT QueryKey, QueryText FROM OrleansQuery" unquoted, so PostgreSQL looks
-- for orleansquery(querykey, querytext): these names are not ours to choose.
CREATE TABLE OrleansQuery (
    QueryKey  text COLLATE "C" PRIMARY KEY,
    QueryText text NOT NULL
);

-- One row per (service, grain, reminder name). grain_hash is GrainId.GetUniformHashCode(), an
-- unsigned 32-bit value that the provider binds as a signed int (uint cast to int); it picks the
-- range query by comparing the bounds in that signed order, so the column is a plain integer and
-- every comparison below is signed. version is the ETag (the provider parses it as an int).
CREATE TABLE orleans_reminders (
    service_id    text COLLATE "C" NOT NULL,
    grain_id      text COLLATE "C" NOT NULL,
    reminder_name text COLLATE "C" NOT NULL,
    start_time    timestamptz      NOT NULL,
    period_ms     bigint           NOT NULL CHECK (period_ms >= 0),
    grain_hash    integer          NOT NULL,
    version       integer          NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo reads the reminders of its hash ranges at start, on every refresh and whenever the ring
-- changes. Orleans' own scripts have no index on the hash (reminder scalability, dotnet/orleans #947,
-- #6089), so each of those reads scans the whole table; with the service id first it is a range scan.
CREATE INDEX orleans_reminders_service_hash_idx ON orleans_reminders (service_id, grain_hash);

-- Generic grain state, one row per (service, state name, grain key). The provider passes the state
-- name as GrainTypeString (rows are not keyed by grain class) and the grain key split in two 64-bit
-- halves (GUID keys; integer keys in n1) plus a string part (string keys, key extensions), NULL when
-- there is none. The extension is stored as '' then, so the key is a plain primary key that equality
-- can use: the one collision that allows (no extension vs. an empty one) needs two key kinds under
-- one state name, and every grain class uses its own state name. The provider's hashes of key and
-- state name are not stored: the primary key finds rows without them, and a change of hasher then
-- cannot orphan rows. payload is NULL after a clear that keeps the row (its version goes on).
CREATE TABLE orleans_grain_state (
    service_id    text COLLATE "C" NOT NULL,
    state_name    text COLLATE "C" NOT NULL,
    grain_key_n0  bigint           NOT NULL,
    grain_key_n1  bigint           NOT NULL,
    grain_key_ext text COLLATE "C" NOT NULL,
    payload       bytea            NULL,
    version       integer          NOT NULL,
    modified_at   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, state_name, grain_key_n0, grain_key_n1, grain_key_ext)
);

-- Versions are int32 ETags; after 2^31-1 writes one wraps to 1 instead of failing the grain's write
-- forever (a stale ETag that old cannot be held by anyone).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Reminders. Result columns GrainId, ReminderName, StartTime, Period (ms), Version.
('UpsertReminderRowKey', $sql$
INSERT INTO orleans_reminders AS r (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time,
    period_ms  = excluded.period_ms,
    grain_hash = excluded.grain_hash,
    version    = r.version % 2147483647 + 1
RETURNING r.version AS "Version"
$sql$),

('ReadReminderRowKey', $sql$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$sql$),

('ReadReminderRowsKey', $sql$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId
$sql$),

-- The range (BeginHash, EndHash] when BeginHash < EndHash in signed order.
('ReadRangeRows1Key', $sql$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$sql$),

-- The range that wraps around: above BeginHash or up to EndHash (all of the ring when they are
-- equal). Two disjoint arms, each a range scan of the hash index, rather than an OR.
('ReadRangeRows2Key', $sql$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash
UNION ALL
SELECT grain_id, reminder_name, start_time, period_ms, version
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash <= @EndHash
$sql$),

-- One boolean column: was the row with that version removed.
('DeleteReminderRowKey', $sql$
WITH deleted AS (
    DELETE FROM orleans_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted)
$sql$),

('DeleteReminderRowsKey', $sql$
DELETE FROM orleans_reminders WHERE service_id = @ServiceId
$sql$),

-- Grain storage. The provider also binds GrainIdHash and GrainTypeHash; they go unused (see the
-- table). Result columns PayloadBinary and Version; no row when the grain was never written.
('ReadFromStorageKey', $sql$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
  AND grain_key_ext = COALESCE(@GrainIdExtensionString, '')
$sql$),

-- Always one row, NewGrainStateVersion: the new version, or NULL when the ETag (GrainStateVersion)
-- is stale, which the provider turns into InconsistentStateException. No ETag means "create": it
-- fails when the row exists (another activation wrote first).
('WriteToStorageKey', $sql$
WITH inserted AS (
    INSERT INTO orleans_grain_state (service_id, state_name, grain_key_n0, grain_key_n1, grain_key_ext, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''), @PayloadBinary, 1
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
), updated AS (
    UPDATE orleans_grain_state
    SET payload = @PayloadBinary, version = version % 2147483647 + 1, modified_at = now()
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
      AND grain_key_ext = COALESCE(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT COALESCE((SELECT version FROM inserted), (SELECT version FROM updated)) AS "NewGrainStateVersion"
$sql$),

-- Clear keeps the row with a NULL payload and a new version, so a later write from an activation
-- still holding the old ETag conflicts. One row whose first column is the new version, NULL when stale.
('ClearStorageKey', $sql$
WITH cleared AS (
    UPDATE orleans_grain_state
    SET payload = NULL, version = version % 2147483647 + 1, modified_at = now()
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
      AND grain_key_ext = COALESCE(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion"
$sql$),

-- Clear with AdoNetGrainStorageOptions.DeleteStateOnClear: the row goes. The provider wants a value
-- other than the old ETag on success (it then forgets the ETag), NULL when stale.
('DeleteStorageKey', $sql$
WITH deleted AS (
    DELETE FROM orleans_grain_state
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key_n0 = @GrainIdN0 AND grain_key_n1 = @GrainIdN1
      AND grain_key_ext = COALESCE(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT (SELECT version % 2147483647 + 1 FROM deleted) AS "NewGrainStateVersion"
$sql$);
