namespace SessionGrid.TestKit.Postgres;

/// <summary>
/// Finds the PostgreSQL server binaries: <c>SESSIONGRID_PG_BIN</c> when set, otherwise the highest
/// version under <c>/usr/lib/postgresql/*/bin</c> (the Debian layout).
/// </summary>
internal static class PostgresBinaries
{
    public const string BinDirectoryVariable = "SESSIONGRID_PG_BIN";

    private const string DebianRoot = "/usr/lib/postgresql";

    public static string FindBinDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable(BinDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            if (!HasServerBinaries(overridden))
            {
                throw new InvalidOperationException(
                    $"{BinDirectoryVariable}={overridden} does not contain initdb, pg_ctl and postgres.");
            }

            return overridden;
        }

        if (Directory.Exists(DebianRoot))
        {
            var best = Directory.EnumerateDirectories(DebianRoot)
                .Select(dir => (Dir: dir, Version: ParseVersion(Path.GetFileName(dir))))
                .Where(x => x.Version is not null && HasServerBinaries(Path.Combine(x.Dir, "bin")))
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Dir, "bin"))
                .FirstOrDefault();
            if (best is not null)
            {
                return best;
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found under "
            + $"{DebianRoot}/*/bin and {BinDirectoryVariable} is not set. These tests need a real "
            + "PostgreSQL: run ./test.sh, which apt-installs the postgresql package, or install it "
            + $"yourself and/or point {BinDirectoryVariable} at its bin directory.");
    }

    public static string Tool(string binDirectory, string name) => Path.Combine(binDirectory, name);

    private static bool HasServerBinaries(string dir)
        => File.Exists(Path.Combine(dir, "initdb"))
           && File.Exists(Path.Combine(dir, "pg_ctl"))
           && File.Exists(Path.Combine(dir, "postgres"));

    // Debian names the folders by major version ("15", "16"); older ones were "9.6".
    private static Version? ParseVersion(string name)
        => int.TryParse(name, out var major) ? new Version(major, 0)
            : Version.TryParse(name, out var version) ? version : null;
}
