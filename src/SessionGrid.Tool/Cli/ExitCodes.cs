namespace SessionGrid.Tool.Cli;

/// <summary>Process exit codes of <c>sessiongrid</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and failed (unreachable database, unresolvable target).</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong (unknown option, bad value); nothing was done.</summary>
    public const int BadUsage = 2;
}
