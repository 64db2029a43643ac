using Microsoft.Extensions.Options;
using SessionGrid.Silo.Hosting;

WebApplication app;
try
{
    app = SiloApplication.Build(args);
}
catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException)
{
    // A configuration the silo refuses: the sentence says what to fix; a stack trace would bury it.
    Console.Error.WriteLine(ex.Message);
    return 1;
}

await app.RunAsync();
return 0;
