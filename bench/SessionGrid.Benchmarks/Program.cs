using BenchmarkDotNet.Running;
using SessionGrid.Benchmarks.Deadlines;
using SessionGrid.Benchmarks.Listing;
using SessionGrid.Benchmarks.Memory;

namespace SessionGrid.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>memory ...</c> runs the in-process memory measurement (<see cref="MemoryCommand.Usage"/>),
    /// <c>deadlines ...</c> the deadline wheel vs grain timers at scale (<see cref="DeadlineCommand.Usage"/>),
    /// <c>list ...</c> the session list API on PostgreSQL (<see cref="ListCommand.Usage"/>);
    /// anything else goes to BenchmarkDotNet's switcher (<c>--filter '*'</c>, <c>--list flat</c>, ...).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] is MemoryCommand.Name or DeadlineCommand.Name or ListCommand.Name)
        {
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            try
            {
                return args[0] switch
                {
                    MemoryCommand.Name => await MemoryCommand.RunAsync(args[1..], Console.Out, Console.Error, cancel.Token),
                    ListCommand.Name => await ListCommand.RunAsync(args[1..], Console.Out, Console.Error, cancel.Token),
                    _ => await DeadlineCommand.RunAsync(args[1..], Console.Out, Console.Error, cancel.Token),
                };
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"{args[0]}: cancelled.");
                return 130;
            }
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
