using System.Net;
using System.Text;
using System.Text.Json;
using Notify.Ingest.ApiReference;
using Notify.Ingest.Json;
using Notify.Ingest.Problems;
using Notify.Tests.Infrastructure;
using Notify.Tests.Ingest;

namespace Notify.Tests.ApiReference;

/// <summary>What <c>/openapi/v1.json</c> tells a client beyond the routes: the API key scheme, the problem types, an example of every body.</summary>
public sealed class OpenApiDocumentTests(PostgresDatabaseFixture database) : IngestDatabaseTest(database)
{
    private async Task<JsonElement> DocumentAsync() =>
        await (await Host.CreateClient(null).GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task The_api_key_is_declared_as_a_bearer_scheme_that_every_authenticated_operation_requires()
    {
        var document = await DocumentAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var send = document.GetProperty("paths").GetProperty("/v1/notifications").GetProperty("post");
        Assert.Contains(send.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("ApiKey", out _));
        var unauthorized = send.GetProperty("responses").GetProperty("401");
        Assert.Contains(ProblemTypes.Unauthorized, unauthorized.GetProperty("description").GetString(), StringComparison.Ordinal);
        var problemSchema = unauthorized.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString();
        Assert.Equal("#/components/schemas/ProblemDetails", problemSchema);
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ProblemDetails", out _));
        Assert.True(send.GetProperty("responses").TryGetProperty("429", out _));
        // The one-click unsubscribe link works without a key, and says so.
        var unsubscribe = document.GetProperty("paths").GetProperty("/v1/unsubscribe").EnumerateObject().First().Value;
        Assert.False(unsubscribe.TryGetProperty("security", out _));
    }

    [Fact]
    public async Task Every_problem_type_is_documented()
    {
        var description = (await DocumentAsync()).GetProperty("info").GetProperty("description").GetString()!;

        var declared = typeof(ProblemTypes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(declared.Order(), ProblemTypes.All.Select(p => p.Type).Order());
        Assert.All(declared, type => Assert.Contains($"`{type}`", description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_request_body_has_an_example_its_endpoint_accepts()
    {
        var document = await DocumentAsync();
        var operations = (from path in document.GetProperty("paths").EnumerateObject()
                          from operation in path.Value.EnumerateObject()
                          where operation.Value.TryGetProperty("requestBody", out var requestBody)
                              && requestBody.GetProperty("content").TryGetProperty("application/json", out _)
                          select (Method: operation.Name.ToUpperInvariant(), Path: path.Name,
                              Body: operation.Value.GetProperty("requestBody").GetProperty("content").GetProperty("application/json"))).ToList();

        Assert.Equal(RequestExamples.All.Count, operations.Count); // one request type per operation, no example left unused
        foreach (var (method, path, body) in operations)
        {
            Assert.True(body.TryGetProperty("example", out var example), $"{method} {path} has no example");
            // The priority policy is the whole service's (every test's dispatchers read it): its example is only read.
            if (path == "/v1/admin/priority-policy")
                continue;
            var request = new HttpRequestMessage(new HttpMethod(method), Concrete(path))
            {
                Content = new StringContent(example.GetRawText(), Encoding.UTF8, "application/json"),
            };
            using var response = await Host.Client.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path} refused its example: {(int)response.StatusCode} {answer}");
            if (answer.Length > 0 && JsonDocument.Parse(answer).RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("items", out var items))
                Assert.All(items.EnumerateArray(), item => Assert.Equal("accepted", item.GetProperty("status").GetString()));
        }
    }

    [Fact]
    public void Every_example_reads_as_its_request_type_with_no_unknown_field()
    {
        foreach (var (type, json) in RequestExamples.All)
            Assert.NotNull(JsonSerializer.Deserialize(json, IngestJson.Default.GetTypeInfo(type)!));
    }

    private static string Concrete(string path) =>
        path.Replace("{userId}", TestNames.Unique("docs_user"), StringComparison.Ordinal)
            .Replace("{type}", "order.out_for_delivery", StringComparison.Ordinal);
}
