using System.Security.Cryptography;
using System.Text;
using SessionGrid.Postgres.Migrations;

namespace SessionGrid.Postgres.Tests.Migrations;

public sealed class MigrationSourceTests
{
    [Fact]
    public void LoadEmbedded_BuiltAssembly_StartsWithTheInitialMigration()
    {
        var migrations = MigrationSource.LoadEmbedded();

        var first = migrations[0];
        Assert.Equal(1, first.Version);
        Assert.Equal("0001_initial", first.Name);
        Assert.Contains("CREATE TABLE sessions", first.Sql, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}$", first.Checksum);
        Assert.Equal(migrations.OrderBy(m => m.Version).Select(m => m.Version), migrations.Select(m => m.Version));
    }

    [Fact]
    public void LoadEmbedded_Checksum_IsSha256OfTheText()
    {
        foreach (var migration in MigrationSource.LoadEmbedded())
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(migration.Sql))), migration.Checksum);
        }
    }

    [Theory]
    [InlineData("1_initial.sql")]
    [InlineData("00001_initial.sql")]
    [InlineData("0001-initial.sql")]
    [InlineData("0001_Initial.sql")]
    [InlineData("0001_initial.SQL")]
    [InlineData("0001_.sql")]
    [InlineData("initial.sql")]
    [InlineData("0001_init ial.sql")]
    public void FromFiles_MalformedName_ThrowsNamingTheFile(string fileName)
    {
        var error = Assert.Throws<MigrationException>(() => MigrationSource.FromFiles([(fileName, "select 1"u8.ToArray())]));

        Assert.Contains(fileName, error.Message, StringComparison.Ordinal);
        Assert.Contains("NNNN_name.sql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFiles_DuplicateVersion_ThrowsNamingBothFiles()
    {
        var error = Assert.Throws<MigrationException>(() => MigrationSource.FromFiles(
        [
            ("0002_alpha.sql", "select 1"u8.ToArray()),
            ("0002_beta.sql", "select 2"u8.ToArray()),
        ]));

        Assert.Contains("0002_alpha", error.Message, StringComparison.Ordinal);
        Assert.Contains("0002_beta", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFiles_OutOfOrder_ReturnsVersionOrder()
    {
        var migrations = MigrationSource.FromFiles(
        [
            ("0010_later.sql", "select 10"u8.ToArray()),
            ("0002_second.sql", "select 2"u8.ToArray()),
            ("0001_first.sql", "select 1"u8.ToArray()),
        ]);

        Assert.Equal([1, 2, 10], migrations.Select(m => m.Version));
        Assert.Equal(["0001_first", "0002_second", "0010_later"], migrations.Select(m => m.Name));
    }

    [Fact]
    public void FromFiles_CrLfOrBom_SameChecksumAsPlainLf()
    {
        var lf = MigrationSource.FromFiles([("0001_x.sql", "create table t (id int);\nselect 1;\n"u8.ToArray())])[0];
        var crlf = MigrationSource.FromFiles([("0001_x.sql", "create table t (id int);\r\nselect 1;\r\n"u8.ToArray())])[0];
        var bom = MigrationSource.FromFiles([("0001_x.sql", [0xEF, 0xBB, 0xBF, .. "create table t (id int);\nselect 1;\n"u8])])[0];

        Assert.Equal(lf.Checksum, crlf.Checksum);
        Assert.Equal(lf.Checksum, bom.Checksum);
        Assert.Equal(lf.Sql, crlf.Sql);
    }

    [Fact]
    public void FromFiles_OneCharacterChanged_DifferentChecksum()
    {
        var before = MigrationSource.Create("0001_x.sql", "create table t (id int);");
        var after = MigrationSource.Create("0001_x.sql", "create table t (id bigint);");

        Assert.NotEqual(before.Checksum, after.Checksum);
    }
}
