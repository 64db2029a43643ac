namespace SessionGrid.Benchmarks.Memory;

/// <summary>Which session store the measured silo's "sessions" provider writes to.</summary>
internal enum SessionStore
{
    /// <summary><see cref="DiscardingSessionStore"/>: the grain alone, as in a PostgreSQL silo whose rows live in the database.</summary>
    Discard,

    /// <summary>The embedded default <c>MemorySessionStore</c>, which keeps a second copy of every state.</summary>
    Memory,
}
