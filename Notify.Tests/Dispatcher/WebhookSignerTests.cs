using System.Text;
using Notify.Dispatcher.Channels.Webhook;

namespace Notify.Tests.Dispatcher;

public sealed class WebhookSignerTests
{
    [Fact]
    public void Signature_matches_the_standard_webhooks_test_vector()
    {
        var signature = WebhookSigner.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
            Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Any_change_to_the_body_changes_the_signature()
    {
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var a = WebhookSigner.Sign(secret, "msg_1", 1, "{\"a\":1}"u8);
        var b = WebhookSigner.Sign(secret, "msg_1", 1, "{\"a\":2}"u8);
        Assert.NotEqual(a, b);
    }
}
