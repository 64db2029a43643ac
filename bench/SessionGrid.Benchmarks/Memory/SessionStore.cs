namespace SessionGrid.Benchmarks.Memory;

/// <summary>Which grain storage the measured silo runs on.</summary>
internal enum SessionStore
{
    /// <summary><see cref="DiscardingGrainStorage"/>: the grain alone, as in a PostgreSQL silo whose rows live in the database.</summary>
    Discard,

    /// <summary>The embedded default in-memory storage, which keeps a second copy of every state.</summary>
    Memory,
}
