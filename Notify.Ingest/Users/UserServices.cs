using Microsoft.Extensions.Options;
using Notify.Core.Notifications;
using Notify.Ingest.Notifications;

namespace Notify.Ingest.Users;

/// <summary>What the user settings handlers need, gathered for <c>[AsParameters]</c>.</summary>
public readonly record struct UserServices(UserSettings Settings, IOptions<NotificationLimits> Limits, NotificationTypeCatalog Catalog);
