namespace Notify.Core.Storage;

/// <summary>What <see cref="NotifyDatabase.EnsureDatabaseExistsAsync"/> found or did.</summary>
public enum DatabaseCreation
{
    /// <summary>The database was there already.</summary>
    Existed,
    /// <summary>It was missing and is created now.</summary>
    Created,
    /// <summary>It is missing and this role may not create it (no CREATEDB, or no access to the <c>postgres</c> database).</summary>
    NotPermitted,
}
