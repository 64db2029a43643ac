namespace SessionGrid.Silo.Tests.Metrics;

/// <summary>
/// Exporters listen to meters by name, process-wide: a silo started by a test running alongside would
/// add its counts to this silo's /metrics. Tests that assert exact values run alone.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;
