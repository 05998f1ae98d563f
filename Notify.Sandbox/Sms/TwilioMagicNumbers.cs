namespace Notify.Sandbox.Sms;

/// <summary>The magic numbers of Twilio's test credentials, which the stand-in answers as Twilio does.</summary>
public static class TwilioMagicNumbers
{
    /// <summary>As <c>To</c>: invalid (21211). As <c>From</c>: invalid (21212).</summary>
    public const string Invalid = "+15005550001";

    /// <summary>As <c>To</c>: Twilio cannot route to it (21612).</summary>
    public const string Unroutable = "+15005550002";

    /// <summary>As <c>To</c>: the account lacks the international permission for it (21408).</summary>
    public const string NoInternationalPermission = "+15005550003";

    /// <summary>As <c>To</c>: blocked for the account, the recipient having unsubscribed (21610).</summary>
    public const string Blocked = "+15005550004";

    /// <summary>As <c>From</c>: passes every check.</summary>
    public const string ValidSender = "+15005550006";

    /// <summary>As <c>From</c>: not owned by the account or not SMS-capable (21606).</summary>
    public const string NotOwnedSender = "+15005550007";

    /// <summary>As <c>To</c>: cannot receive SMS, not a mobile number (21614).</summary>
    public const string NotMobile = "+15005550009";
}
