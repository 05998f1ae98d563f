using Notify.ServiceDefaults.Logging;

namespace Notify.Tests.ServiceDefaults;

public sealed class SensitiveDataTests
{
    [Theory]
    [InlineData("+447700900789", "+44******789")]
    [InlineData("+44 7700 900789", "+44******789")]
    [InlineData("+1 (415) 555-0123", "+14******123")]
    [InlineData("07700900789", "******789")]
    [InlineData("+4412", "+******")]
    [InlineData("", "")]
    public void MaskPhone_keeps_the_country_code_and_the_last_three_digits(string phone, string masked) =>
        Assert.Equal(masked, SensitiveData.MaskPhone(phone));

    [Theory]
    [InlineData("jane.doe@example.com", "j***@example.com")]
    [InlineData("j@example.com", "j***@example.com")]
    [InlineData("not-an-address", "***")]
    [InlineData("", "")]
    public void MaskEmail_keeps_the_first_letter_and_the_domain(string email, string masked) =>
        Assert.Equal(masked, SensitiveData.MaskEmail(email));

    [Theory]
    [InlineData("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_l***")]
    [InlineData("short-secret", "***")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl", "Bearer eyJh***")]
    public void MaskToken_keeps_the_scheme_and_at_most_four_characters(string token, string masked) =>
        Assert.Equal(masked, SensitiveData.MaskToken(token));

    [Theory]
    [InlineData("SMS to +447700900789 accepted", "SMS to +44******789 accepted")]
    [InlineData("mail for jane.doe@example.com bounced", "mail for j***@example.com bounced")]
    [InlineData("Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123", "Authorization: Bearer abcd***")]
    [InlineData("GET /hook?api_key=abc123&x=1", "GET /hook?api_key=***&x=1")]
    [InlineData("Host=db;Username=notify;Password=hunter2;Database=notifydb", "Host=db;Username=notify;Password=***;Database=notifydb")]
    [InlineData("""{"token":"s3cr3t-value","n":1}""", """{"token":"***","n":1}""")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl seen", "jwt eyJh*** seen")]
    [InlineData("key sk_live_4eC39HqLyjWDarjtT1zdp7dc used", "key sk_l*** used")]
    public void Redact_masks_what_it_finds_in_free_text(string text, string redacted) =>
        Assert.Equal(redacted, SensitiveData.Redact(text));

    [Theory]
    [InlineData("order 12345678 moved to stage 3 at 2024-05-01T10:00:00+00:00")]
    [InlineData("delivered 1500 notifications in 2.5 s, p99 +12 ms")]
    [InlineData("version 10.0.1+build.7 started")]
    public void Redact_leaves_ordinary_text_alone(string text) =>
        Assert.Same(text, SensitiveData.Redact(text));

    [Fact]
    public void Redact_is_idempotent()
    {
        string once = SensitiveData.Redact("to +447700900789 / jane@example.com / Bearer abcdefghijklmnopqrstuvwxyz");

        Assert.Equal(once, SensitiveData.Redact(once));
    }

    [Theory]
    [InlineData("PhoneNumber", "07700900789", "******789")]
    [InlineData("Email", "jane@example.com", "j***@example.com")]
    [InlineData("ApiKey", "abc", "***")]
    [InlineData("Recipient", "jane@example.com", "j***@example.com")]
    [InlineData("OrderId", "A-1001", "A-1001")]
    public void RedactNamed_masks_by_the_name_and_then_by_the_look(string name, string value, string redacted) =>
        Assert.Equal(redacted, SensitiveData.RedactNamed(name, value));
}
