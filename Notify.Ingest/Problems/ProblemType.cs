namespace Notify.Ingest.Problems;

/// <summary>A problem <c>type</c> as the API reference documents it.</summary>
/// <param name="Type">The stable type URI.</param>
/// <param name="Status">The HTTP status it comes with.</param>
/// <param name="Meaning">What it means and what the client can do.</param>
public sealed record ProblemType(string Type, int Status, string Meaning);
