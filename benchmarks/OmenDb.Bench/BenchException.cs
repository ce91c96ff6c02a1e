namespace OmenDb.Bench;

/// <summary>
/// A failure the harness reports loudly and turns into a non-zero exit code: a server that does not start or dies,
/// a wrong answer, a client error. Never caught to produce a figure.
/// </summary>
internal sealed class BenchException(string message, Exception? inner = null) : Exception(message, inner);
