using SessionGrid.Tool.Cli;

// Ctrl+C: the run stops, healthy clients say bye (bounded by the shutdown grace) and the summary is
// still printed; the process is ended only if that takes longer than this.
return await SessionGridCli.InvokeAsync(args, Console.Out, Console.Error, terminationTimeout: TimeSpan.FromSeconds(30));
