using System.Text;
using OmenDb.Engine.Functions.Json;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Functions.Aggregates;

/// <summary>json_agg, jsonb_agg, json_object_agg, jsonb_object_agg.</summary>
internal static partial class AggregateFunctions
{
    private static void RegisterJson(RegistryBuilder r)
    {
        r.AggTyped(3175, "json_agg", [AnyElement], PgTypes.Json, (types, _) => () => new JsonAggState(types[0], false), strict: false);
        r.AggTyped(3267, "jsonb_agg", [AnyElement], Jsonb, (types, _) => () => new JsonAggState(types[0], true), strict: false);
        r.AggTyped(3197, "json_object_agg", [Any, Any], PgTypes.Json,
            (types, _) => () => new JsonObjectAggState(types[0], types[1], false), strict: false);
        r.AggTyped(3270, "jsonb_object_agg", [Any, Any], Jsonb,
            (types, _) => () => new JsonObjectAggState(types[0], types[1], true), strict: false);
    }

    private sealed class JsonAggState(PgType type, bool jsonb) : IAggregateState
    {
        private StringBuilder? _sb;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            if (_sb is null)
            {
                _sb = new StringBuilder("[");
            }
            else
            {
                _sb.Append(", ");

                // json_agg_transfn puts each later non-null array or composite on its own line.
                if (!jsonb && args[0] is not null && type.Kind is PgTypeKind.Array or PgTypeKind.Record)
                {
                    _sb.Append("\n ");
                }
            }

            JsonValues.Append(_sb, type, args[0], context, jsonb);
        }

        public object? Result(EvalContext context)
        {
            if (_sb is null)
            {
                return null;
            }

            var text = _sb.ToString() + "]";
            return jsonb ? JsonText.ToCanonical(JsonText.Parse(text, true)) : text;
        }
    }

    private sealed class JsonObjectAggState(PgType keyType, PgType valueType, bool jsonb) : IAggregateState
    {
        private StringBuilder? _sb;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            if (args[0] is not { } key)
            {
                FunctionErrors.InvalidParameter<int>("field name must not be null");
                return;
            }

            if (_sb is null)
            {
                _sb = new StringBuilder("{ ");
            }
            else
            {
                _sb.Append(", ");
            }

            JsonText.WriteString(_sb, key is string s ? s : ValueText.Format(keyType, key, context.TimeZone));
            _sb.Append(" : ");
            JsonValues.Append(_sb, valueType, args[1], context, jsonb);
        }

        public object? Result(EvalContext context)
        {
            if (_sb is null)
            {
                return null;
            }

            var text = _sb.ToString() + " }";
            return jsonb ? JsonText.ToCanonical(JsonText.Parse(text, true)) : text;
        }
    }
}
