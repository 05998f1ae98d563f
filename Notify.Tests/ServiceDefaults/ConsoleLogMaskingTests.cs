using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Notify.ServiceDefaults;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.ServiceDefaults;

/// <summary>Console output is process-wide: this test swaps <see cref="Console.Out"/> and so runs on its own.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ConsoleLogMaskingTests
{
    [Fact]
    public async Task Console_output_carries_masked_values_only()
    {
        string marker = TestNames.Unique("console");
        var output = new StringWriter();
        TextWriter original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(output));
        try
        {
            WebApplicationBuilder builder = TestService.CreateBuilder();
            builder.Logging.AddSimpleConsole(console => console.IncludeScopes = true);
            TestService service = await TestService.StartAsync(builder.AddServiceDefaults(), app => LogMasking.MapLoggingEndpoint(app, marker));

            Assert.Equal("logged", await service.Http.GetStringAsync("/log"));
            await service.DisposeAsync();
        }
        finally
        {
            Console.SetOut(original);
        }

        // Disposing the host flushed the console logger's queue.
        string console = output.ToString();
        Assert.Contains(marker + " literal text", console, StringComparison.Ordinal);
        Assert.Contains("recipient j***@example.com", console, StringComparison.Ordinal);
        Assert.All(LogMasking.Masked, masked => Assert.Contains(masked, console, StringComparison.Ordinal));
        Assert.All(LogMasking.Clear, clear => Assert.DoesNotContain(clear, console, StringComparison.Ordinal));
    }
}
