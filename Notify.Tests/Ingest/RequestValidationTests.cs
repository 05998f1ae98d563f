using System.Net;
using System.Text;

namespace Notify.Tests.Ingest;

/// <summary>Bad input on every endpoint: always a 4xx problem naming the field, never a 5xx.</summary>
public sealed class RequestValidationTests : IAsyncLifetime
{
    private static readonly string LongUserId = new('u', 129);
    private IngestTestHost _host = null!;

    public async Task InitializeAsync() => _host = await IngestTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string, string, string?> BadBodies => new()
    {
        // method, path, body, the field the problem must name (null: a malformed body)
        { "POST", "/v1/notifications", "{}", "userId" },
        { "POST", "/v1/notifications", "{}", "type" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"no.such.type"}""", "type" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"Order Placed!"}""", "type" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"order.placed","colour":"red"}""", "colour" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"order.placed","priority":"urgent"}""", "priority" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"order.placed","channels":["pigeon"]}""", "channels" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"order.placed","channels":["push","push"]}""", "channels" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"order.placed","channels":[]}""", "channels" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"order.placed","channels":"push"}""", "channels" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"order.placed","data":"text"}""", "data" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"order.placed","sendAt":"tomorrow"}""", "sendAt" },
        { "POST", "/v1/notifications", $$"""{"userId":"u","type":"order.placed","sendAt":"{{DateTimeOffset.UtcNow.AddDays(31):O}}"}""", "sendAt" },
        { "POST", "/v1/notifications", $$"""{"userId":"{{LongUserId}}","type":"order.placed"}""", "userId" },
        { "POST", "/v1/notifications", """{"userId":"a\u0001b","type":"order.placed"}""", "userId" },
        { "POST", "/v1/notifications", """{"userId":42,"type":"order.placed"}""", "userId" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"order.placed","collapseKey":""}""", "collapseKey" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"order.placed","routing":"broadcast"}""", "routing" },
        { "POST", "/v1/notifications", """{"userId":"u","type":"order.placed","routing":1}""", "routing" },
        { "POST", "/v1/notifications", """{"userId":"u",""", null },
        { "POST", "/v1/notifications", "[1,2]", null },
        { "POST", "/v1/notifications", "null", null },
        { "POST", "/v1/notifications", "", null },
        { "POST", "/v1/notifications/batch", "{}", "items" },
        { "POST", "/v1/notifications/batch", """{"items":[]}""", "items" },
        { "POST", "/v1/notifications/batch", """{"items":"many"}""", "items" },
        { "POST", "/v1/notifications/batch", $$"""{"items":[{{string.Join(',', Enumerable.Repeat("""{"userId":"u","type":"order.placed"}""", 1001))}}]}""", "items" },
        { "POST", "/v1/events/orders", "{}", "orderId" },
        { "POST", "/v1/events/orders", "{}", "userId" },
        { "POST", "/v1/events/orders", """{"orderId":"o1","userId":"u","status":"LOST"}""", "status" },
        { "POST", "/v1/events/orders", """{"orderId":"o1","userId":"u","status":"3"}""", "status" },
        { "POST", "/v1/events/orders", """{"orderId":"o1","userId":"u","status":"PLACED","data":[1]}""", "data" },
        { "PUT", "/v1/users/u1/contacts", """{"phone":"0151 1234567"}""", "phone" },
        { "PUT", "/v1/users/u1/contacts", """{"email":"not-an-email"}""", "email" },
        { "PUT", "/v1/users/u1/contacts", """{"webhookUrl":"ftp://example.com/hook"}""", "webhookUrl" },
        { "PUT", "/v1/users/u1/contacts", """{"webhookUrl":"/relative/hook"}""", "webhookUrl" },
        { "PUT", "/v1/users/u1/contacts", """{"timeZone":"Mars/Olympus_Mons"}""", "timeZone" },
        { "PUT", "/v1/users/u1/contacts", """{"locale":"english please"}""", "locale" },
        { "PUT", "/v1/users/u1/contacts", """{"pushTokens":["a","a"]}""", "pushTokens" },
        { "PUT", $"/v1/users/{LongUserId}/contacts", "{}", "userId" },
        { "PUT", "/v1/users/u1/preferences", """{"disabledChannels":["fax"]}""", "disabledChannels" },
        { "PUT", "/v1/users/u1/preferences", """{"fallback":{"urgent":["push"]}}""", "fallback" },
        { "PUT", "/v1/users/u1/preferences", """{"fallback":{"critical":[]}}""", "fallback.critical" },
        { "PUT", "/v1/users/u1/preferences", """{"optOuts":["PROMO!"]}""", "optOuts" },
        { "PUT", "/v1/users/u1/preferences", """{"types":[{"type":"order.*","routing":"everything"}]}""", "types[0].routing" },
    };

    public static TheoryData<string, string> BadQueries => new()
    {
        { "/v1/users/u1/inbox?limit=0", "limit" },
        { "/v1/users/u1/inbox?limit=many", "limit" },
        { "/v1/users/u1/inbox?after=yesterday", "after" },
        { "/v1/dead-letters?priority=urgent", "priority" },
        { "/v1/dead-letters?limit=1000", "limit" },
        { $"/v1/users/{LongUserId}/preferences", "userId" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_body_is_a_400_problem_naming_the_field(string method, string path, string body, string? field)
    {
        var response = await _host.Client.PostRawAsync(path, body, method: new HttpMethod(method));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        if (field is null)
            Assert.Equal("urn:notify:problem:malformed-json", problem.GetProperty("type").GetString());
        else
            Assert.Contains(field, problem.ErrorFields());
    }

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Bad_query_is_a_400_problem_naming_the_parameter(string path, string field)
    {
        var problem = await (await _host.Client.GetAsync(path)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.ErrorFields());
    }

    [Theory]
    [InlineData("/v1/notifications")]
    [InlineData("/v1/notifications/batch")]
    [InlineData("/v1/events/orders")]
    public async Task Body_that_is_not_json_is_a_415_problem(string path)
    {
        await (await _host.Client.PostRawAsync(path, "userId=u&type=order.placed", "application/x-www-form-urlencoded"))
            .ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Body_over_64_KiB_is_a_413_problem_whether_its_length_is_declared_or_not()
    {
        var body = $$$"""{"userId":"u","type":"order.placed","data":{"blob":"{{{new string('x', 70 * 1024)}}}"}}""";

        await (await _host.Client.PostRawAsync("/v1/notifications", body)).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        var chunked = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))),
        };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        await (await _host.Client.SendAsync(chunked)).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Batch_item_with_data_over_64_KiB_is_rejected_alone()
    {
        var items = $$$"""{"items":[{"userId":"u","type":"order.placed"},{"userId":"u","type":"order.placed","data":{"blob":"{{{new string('x', 70 * 1024)}}}"}}]}""";

        var batch = await (await _host.Client.PostRawAsync("/v1/notifications/batch", items)).ReadJsonAsync(HttpStatusCode.OK);

        var results = batch.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("accepted", results[0].GetProperty("status").GetString());
        Assert.Equal(["data"], results[1].ErrorFields());
    }

    [Fact]
    public async Task Batch_item_with_an_unknown_routing_is_rejected_alone_naming_it()
    {
        var items = """{"items":[{"userId":"u","type":"order.placed","routing":"all"},{"userId":"u","type":"order.placed","routing":"everyone"}]}""";

        var batch = await (await _host.Client.PostRawAsync("/v1/notifications/batch", items)).ReadJsonAsync(HttpStatusCode.OK);

        var results = batch.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("accepted", results[0].GetProperty("status").GetString());
        Assert.Equal(["routing"], results[1].ErrorFields());
    }

    [Theory]
    [InlineData("")]
    [InlineData("key\twith\ttabs")]
    public async Task Bad_idempotency_key_is_a_400_problem_naming_the_header(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/notifications")
        {
            Content = new StringContent("""{"userId":"u","type":"order.placed"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var problem = await (await _host.Client.SendAsync(request)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("Idempotency-Key", problem.ErrorFields());
    }

    [Fact]
    public async Task Idempotency_key_over_255_characters_is_a_400_problem()
    {
        var problem = await (await _host.Client.PostJsonAsync("/v1/notifications", new { userId = "u", type = "order.placed" }, new string('k', 256)))
            .ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("Idempotency-Key", problem.ErrorFields());
    }

    [Fact]
    public async Task Unknown_route_and_wrong_method_are_problems_too()
    {
        await (await _host.Client.GetAsync("/v1/no-such-thing")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _host.Client.PostRawAsync("/v1/notifications", "{}", method: HttpMethod.Put)).ReadProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task OpenAPI_document_describes_the_API()
    {
        var document = await (await _host.CreateClient(null).GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/notifications", paths);
        Assert.Contains("/v1/notifications/batch", paths);
        Assert.Contains("/v1/events/orders", paths);
        Assert.Contains("/v1/dead-letters/{id}/replay", paths);
        var routing = document.GetProperty("components").GetProperty("schemas").GetProperty("SendNotificationRequest")
            .GetProperty("properties").GetProperty("routing");
        Assert.Contains("\"all\"", routing.GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
