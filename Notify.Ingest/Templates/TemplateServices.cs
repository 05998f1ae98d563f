using Microsoft.Extensions.Options;
using Notify.Ingest.Notifications;

namespace Notify.Ingest.Templates;

/// <summary>What the template handlers need, gathered for <c>[AsParameters]</c>.</summary>
public readonly record struct TemplateServices(TemplateLibrary Library, NotificationValidator Validator, IOptions<TemplateOptions> Options);
