namespace SessionGrid.TestKit.Cluster;

/// <summary>
/// Where the built silo executable is: <c>SESSIONGRID_SILO_DLL</c>, else the Silo project's output for the
/// configuration the tests were built in (the test kit references the project, so it is built first).
/// </summary>
internal static class SiloBinary
{
    private static readonly Lazy<string> s_path = new(Find);

    public static string Path => s_path.Value;

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("SESSIONGRID_SILO_DLL") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"SESSIONGRID_SILO_DLL names {configured}, which does not exist.");
        }

        // .../tests/<Project>/bin/<Configuration>/<tfm>/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent?.Name ?? "Debug";
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SessionGrid.sln")))
            {
                var dll = System.IO.Path.Combine(dir.FullName, "src", "SessionGrid.Silo", "bin", configuration, tfm, "SessionGrid.Silo.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"The silo is not built at {dll}; build the solution first.");
            }
        }

        throw new DirectoryNotFoundException($"No SessionGrid.sln above {output.FullName}; set SESSIONGRID_SILO_DLL.");
    }
}
