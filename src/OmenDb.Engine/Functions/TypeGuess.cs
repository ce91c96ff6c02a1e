using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions;

/// <summary>
/// The most likely type of a CLR value, for polymorphic functions invoked without bind-time specialisation.
/// Ambiguous kinds resolve to the plainest type: int → int4 (not date), long → int8, string → text.
/// </summary>
internal static class TypeGuess
{
    public static PgType Of(object? value) => value switch
    {
        null => PgTypes.Text,
        bool => PgTypes.Bool,
        short => PgTypes.Int2,
        int => PgTypes.Int4,
        long => PgTypes.Int8,
        float => PgTypes.Float4,
        double => PgTypes.Float8,
        PgNumeric => PgTypes.Numeric,
        string => PgTypes.Text,
        byte[] => PgTypes.Bytea,
        PgInterval => PgTypes.Interval,
        Guid => PgTypes.Uuid,
        uint => PgTypes.Oid,
        PgArray a => a.ElementType.ArrayType ?? PgTypes.AnyArray,
        float[] => PgTypes.Vector,
        PgRecord => PgTypes.Record,
        _ => PgTypes.Text,
    };

    public static PgType[] Of(ReadOnlySpan<object?> values)
    {
        var types = new PgType[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            types[i] = Of(values[i]);
        }

        return types;
    }
}

/// <summary>An aggregate state that picks its real implementation from the first row's argument types.</summary>
internal sealed class GuessingAggregateState : IAggregateState
{
    private readonly Func<PgType[], PgType, Func<IAggregateState>> _specialize;
    private readonly PgType _result;
    private IAggregateState? _inner;

    public GuessingAggregateState(Func<PgType[], PgType, Func<IAggregateState>> specialize, PgType result)
    {
        _specialize = specialize;
        _result = result;
    }

    public void Add(ReadOnlySpan<object?> args, EvalContext context)
    {
        _inner ??= _specialize(TypeGuess.Of(args), _result)();
        _inner.Add(args, context);
    }

    public object? Result(EvalContext context) => (_inner ?? _specialize([PgTypes.Text, PgTypes.Text], _result)()).Result(context);
}
