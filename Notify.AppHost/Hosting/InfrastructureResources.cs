namespace Notify.AppHost.Hosting;

/// <summary>Which servers an <see cref="InfrastructureHost"/> starts.</summary>
[Flags]
public enum InfrastructureResources
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>nats-server with JetStream.</summary>
    Nats = 1,

    /// <summary>redis-server.</summary>
    Redis = 2,

    /// <summary>PostgreSQL with the <c>notifydb</c> database.</summary>
    Postgres = 4,

    /// <summary>The SMTP server with its Maildir.</summary>
    Smtp = 8,

    /// <summary>All four.</summary>
    All = Nats | Redis | Postgres | Smtp,
}
