using SessionGrid.Tool.Cli;

using var stop = new CancellationTokenSource();
using var signals = TerminationSignals.Register(stop);
return await SessionGridCli.InvokeAsync(args, Console.Out, Console.Error, stop.Token);
