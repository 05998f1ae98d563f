namespace Notify.AppHost.Hosting;

/// <summary>A database on a <see cref="PostgresServer"/>.</summary>
/// <param name="Name">The database name.</param>
/// <param name="ConnectionString">An Npgsql connection string for it, as the <c>postgres</c> superuser.</param>
public sealed record PostgresDatabase(string Name, string ConnectionString);
