using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Sandbox.Faults;
using Notify.Sandbox.Records;

namespace Notify.Tests.Sandbox;

/// <summary>The sandbox's <c>/sandbox</c> control API, as a test drives it.</summary>
public sealed class SandboxControl(HttpClient http)
{
    /// <summary>The control API's JSON.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new ChannelJsonConverter() } };

    /// <summary>The recorded messages meeting the given criteria.</summary>
    public async Task<IReadOnlyList<SandboxMessage>> MessagesAsync(string? userId = null, string? channel = null, string? to = null)
    {
        var query = new List<string>();
        if (userId is not null)
        {
            query.Add("userId=" + Uri.EscapeDataString(userId));
        }

        if (channel is not null)
        {
            query.Add("channel=" + channel);
        }

        if (to is not null)
        {
            query.Add("to=" + Uri.EscapeDataString(to));
        }

        return (await http.GetFromJsonAsync<List<SandboxMessage>>("/sandbox/messages?" + string.Join('&', query), Json))!;
    }

    /// <summary>The request counts, for all traffic or one user's.</summary>
    public async Task<TrafficReport> StatsAsync(string? userId = null) =>
        (await http.GetFromJsonAsync<TrafficReport>(userId is null ? "/sandbox/stats" : "/sandbox/stats?userId=" + Uri.EscapeDataString(userId), Json))!;

    /// <summary>Injects a fault (the JSON of <paramref name="fault"/>) and returns its rule.</summary>
    public async Task<FaultRule> AddFaultAsync(object fault)
    {
        using HttpResponseMessage response = await http.PostAsJsonAsync("/sandbox/faults", fault, Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<FaultRule>(Json))!;
    }

    /// <summary>Removes a fault.</summary>
    public async Task RemoveFaultAsync(string id)
    {
        using HttpResponseMessage response = await http.DeleteAsync("/sandbox/faults/" + id);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
