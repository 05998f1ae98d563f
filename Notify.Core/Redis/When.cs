namespace Notify.Core.Redis;

/// <summary>The condition of a conditional write.</summary>
public enum When
{
    /// <summary>Write whether or not the key exists.</summary>
    Always,
    /// <summary>Write only when the key does not exist (<c>NX</c>).</summary>
    NotExists,
    /// <summary>Write only when the key exists (<c>XX</c>).</summary>
    Exists,
}
