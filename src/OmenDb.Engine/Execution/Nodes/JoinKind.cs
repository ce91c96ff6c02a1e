namespace OmenDb.Engine.Execution.Nodes;

/// <summary>Join types (SEMI/ANTI are planner-internal, for EXISTS / IN rewrites).</summary>
internal enum JoinType : byte
{
    Inner,
    Left,
    Right,
    Full,
    Semi,
    Anti,
}
