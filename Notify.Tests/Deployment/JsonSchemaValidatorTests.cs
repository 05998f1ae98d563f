using System.Text.Json;

namespace Notify.Tests.Deployment;

/// <summary>The schema validator the manifest test relies on: it must reject what the schema rejects.</summary>
public sealed class JsonSchemaValidatorTests
{
    private static readonly JsonSchemaValidator Aspire = new(AspireManifestTests.Load("deploy", "schema", "aspire-8.0.schema.json"));

    [Theory]
    [InlineData("""{"resources":{"web":{"type":"project.v0","path":"Web.csproj"}}}""")]
    [InlineData("""{"resources":{"cache":{"type":"container.v0","image":"redis","bindings":{"tcp":{"scheme":"tcp","protocol":"tcp","transport":"tcp","targetPort":6379}}}}}""")]
    [InlineData("""{"resources":{"thing":{"type":"acme.thing.v0","anything":1}}}""")]
    public void Accepts_valid_manifests(string manifest)
    {
        Assert.Empty(Aspire.Validate(Parse(manifest)));
    }

    [Theory]
    [InlineData("""{"services":{}}""", "required property 'resources'")]
    [InlineData("""{"resources":{"cache":{"type":"container.v0"}}}""", "required property 'image'")]
    [InlineData("""{"resources":{"web":{"type":"project.v0","path":"Web.csproj","replicas":3}}}""", "/resources/web/replicas")]
    [InlineData("""{"resources":{"web":{"type":"project.v0","path":"Web.csproj","env":{"PORT":8080}}}}""", "/resources/web/env/PORT: expected string")]
    [InlineData("""{"resources":{"web":{"type":"project.v0","path":"Web.csproj","bindings":{"http":{"scheme":"http","protocol":"sctp","transport":"http"}}}}}""", "is not one of")]
    [InlineData("""{"resources":{"cache":{"type":"container.v0","image":"redis","build":{"context":"."}}}}""", "/resources/cache/build: not allowed")]
    [InlineData("""{"resources":{"pw":{"type":"parameter.v0","value":"{pw.inputs.value}"}}}""", "required property 'inputs'")]
    [InlineData("""{"resources":{"web":{"path":"Web.csproj"}}}""", "required property 'type'")]
    public void Rejects_manifests_that_break_the_schema_naming_where(string manifest, string expected)
    {
        IReadOnlyList<string> errors = Aspire.Validate(Parse(manifest));

        Assert.Contains(errors, error => error.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Follows_references_and_checks_patterns_items_and_combinators()
    {
        var validator = new JsonSchemaValidator(Parse("""
            {
              "definitions": { "name": { "type": "string", "pattern": "^[a-z]+$" } },
              "type": "object",
              "properties": {
                "names": { "type": "array", "items": { "$ref": "#/definitions/name" } },
                "size": { "anyOf": [ { "const": "small" }, { "type": "integer" } ] },
                "mode": { "allOf": [ { "type": "string" }, { "not": { "const": "off" } } ] }
              }
            }
            """));

        Assert.Empty(validator.Validate(Parse("""{"names":["a","bc"],"size":3,"mode":"on"}""")));
        Assert.Contains("/names/1: 'B' does not match", Assert.Single(validator.Validate(Parse("""{"names":["a","B"]}"""))), StringComparison.Ordinal);
        Assert.Contains("/size: matches none of the anyOf", Assert.Single(validator.Validate(Parse("""{"size":"large"}"""))), StringComparison.Ordinal);
        Assert.Contains("/mode: matches a schema it must not", Assert.Single(validator.Validate(Parse("""{"mode":"off"}"""))), StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_keyword_it_does_not_implement_rather_than_ignore_it()
    {
        var validator = new JsonSchemaValidator(Parse("""{"type":"integer","minimum":1}"""));

        Assert.Throws<NotSupportedException>(() => validator.Validate(Parse("0")));
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
