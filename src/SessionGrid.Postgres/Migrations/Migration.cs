namespace SessionGrid.Postgres.Migrations;

/// <summary>
/// One numbered SQL file of <c>sql/postgres/</c>.
/// </summary>
/// <param name="Version">The <c>NNNN</c> prefix of the file name; migrations apply in this order.</param>
/// <param name="Name">The file name without <c>.sql</c>, e.g. <c>0001_initial</c>; stored in <c>schema_migrations</c>.</param>
/// <param name="Sql">The file's text.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the file (UTF-8, LF line endings), which is what
/// <c>sha256sum</c> prints for the checked-out file.</param>
public sealed record Migration(int Version, string Name, string Sql, string Checksum)
{
    public override string ToString() => Name;
}
