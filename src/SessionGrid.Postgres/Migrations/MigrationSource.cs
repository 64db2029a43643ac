using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SessionGrid.Postgres.Migrations;

/// <summary>
/// The migrations this build carries: <c>sql/postgres/NNNN_name.sql</c>, embedded in the assembly as
/// <c>SessionGrid.Postgres.Migrations.NNNN_name.sql</c>, so a silo applies exactly the files it was built with.
/// </summary>
public static partial class MigrationSource
{
    internal const string ResourcePrefix = "SessionGrid.Postgres.Migrations.";

    /// <summary>Every embedded migration, in version order.</summary>
    /// <exception cref="MigrationException">A file name is malformed, two files share a version, or there are none.</exception>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationSource).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => (name[ResourcePrefix.Length..], Read(assembly, name)))
            .ToList();
        if (files.Count == 0)
        {
            throw new MigrationException(
                $"{assembly.GetName().Name} embeds no migrations (resources named {ResourcePrefix}NNNN_name.sql); "
                + "the build did not pick up sql/postgres/*.sql.");
        }

        return FromFiles(files);
    }

    /// <summary>Migrations from (file name, content) pairs, checked and sorted by version.</summary>
    internal static IReadOnlyList<Migration> FromFiles(IEnumerable<(string FileName, byte[] Content)> files)
    {
        var migrations = files.Select(file => Create(file.FileName, file.Content)).ToList();
        return Order(migrations);
    }

    internal static Migration Create(string fileName, string sql) => Create(fileName, Encoding.UTF8.GetBytes(sql));

    /// <summary>Sorts by version and rejects two migrations with the same version.</summary>
    internal static IReadOnlyList<Migration> Order(IEnumerable<Migration> migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Version == ordered[i - 1].Version)
            {
                throw new MigrationException(
                    $"migrations {ordered[i - 1].Name} and {ordered[i].Name} share version {ordered[i].Version:D4}; "
                    + "each version must be unique.");
            }
        }

        return ordered;
    }

    private static Migration Create(string fileName, byte[] content)
    {
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new MigrationException(
                $"migration file name '{fileName}' must look like NNNN_name.sql: four digits, an underscore, "
                + "then lower-case letters, digits and underscores.");
        }

        // Hash the text as LF without a BOM, so a checkout that converted line endings (git
        // autocrlf on Windows) does not look like an edited migration.
        var text = Encoding.UTF8.GetString(content);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var version = int.Parse(match.Groups["version"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        return new Migration(version, Path.GetFileNameWithoutExtension(fileName), text, checksum);
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new MigrationException($"embedded migration {resource} cannot be read.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    [GeneratedRegex(@"^(?<version>[0-9]{4})_[a-z0-9_]+\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
