using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;
using static OmenDb.Engine.Types.PgTypes;

namespace OmenDb.Engine.Vectors;

/// <summary>
/// pgvector's functions, operators and aggregates on <c>vector</c>: the distances (l2_distance &lt;-&gt;,
/// cosine_distance &lt;=&gt;, inner_product and its negation &lt;#&gt;, l1_distance &lt;+&gt;), vector_dims,
/// vector_norm, l2_normalize, subvector, element-wise + - *, ||, the btree comparisons, and avg/sum.
/// OIDs come from the user range (≥ 16384) as an extension's would, starting after the type's own.
/// </summary>
internal static class VectorFunctions
{
    /// <summary>First OID of the functions and operators registered here (the type and its array take 16385/16386).</summary>
    private const uint FirstOid = 16400;

    /// <summary>The distance operators the exact top-k and HNSW plans accept, by operator name.</summary>
    public static VectorMetric? MetricOfOperator(string name) => name switch
    {
        "<->" => VectorMetric.L2,
        "<=>" => VectorMetric.Cosine,
        "<#>" => VectorMetric.NegativeInnerProduct,
        "<+>" => VectorMetric.L1,
        _ => null,
    };

    public static void Register(RegistryBuilder r)
    {
        var oid = FirstOid;
        (string Function, string? Operator, Func<float[], float[], double> Distance)[] distances =
        [
            ("l2_distance", "<->", VectorMath.L2Distance),
            ("cosine_distance", "<=>", VectorMath.CosineDistance),
            ("inner_product", null, VectorMath.InnerProduct),
            ("vector_negative_inner_product", "<#>", (a, b) => -VectorMath.InnerProduct(a, b)),
            ("l1_distance", "<+>", VectorMath.L1Distance),
        ];
        foreach (var (function, op, distance) in distances)
        {
            ScalarInvoker invoke = (a, _) => distance((float[])a[0]!, (float[])a[1]!);
            r.Fn(oid++, function, [Vector, Vector], Float8, invoke);
            if (op is not null)
            {
                r.Op(oid++, op, Vector, Vector, Float8, invoke);
            }
        }

        r.Fn(oid++, "vector_dims", [Vector], Int4, (a, _) => ((float[])a[0]!).Length);
        r.Fn(oid++, "vector_norm", [Vector], Float8, (a, _) => VectorMath.Norm((float[])a[0]!));
        r.Fn(oid++, "l2_normalize", [Vector], Vector, (a, _) => VectorMath.L2Normalize((float[])a[0]!));
        r.Fn(oid++, "subvector", [Vector, Int4, Int4], Vector, (a, _) => VectorMath.Subvector((float[])a[0]!, (int)a[1]!, (int)a[2]!));

        foreach (var op in "+-*")
        {
            r.Op(oid++, op.ToString(), Vector, Vector, Vector, (a, _) => VectorMath.Elementwise((float[])a[0]!, (float[])a[1]!, op));
        }

        r.Op(oid++, "||", Vector, Vector, Vector, (a, _) => VectorMath.Concat((float[])a[0]!, (float[])a[1]!));

        // btree operator class (vector_cmp): element by element, then the shorter vector first.
        r.Op(oid++, "=", Vector, Vector, Bool, (a, _) => ValueComparer.Compare(Vector, a[0]!, a[1]!) == 0);
        r.Op(oid++, "<>", Vector, Vector, Bool, (a, _) => ValueComparer.Compare(Vector, a[0]!, a[1]!) != 0);
        r.Op(oid++, "<", Vector, Vector, Bool, (a, _) => ValueComparer.Compare(Vector, a[0]!, a[1]!) < 0);
        r.Op(oid++, "<=", Vector, Vector, Bool, (a, _) => ValueComparer.Compare(Vector, a[0]!, a[1]!) <= 0);
        r.Op(oid++, ">", Vector, Vector, Bool, (a, _) => ValueComparer.Compare(Vector, a[0]!, a[1]!) > 0);
        r.Op(oid++, ">=", Vector, Vector, Bool, (a, _) => ValueComparer.Compare(Vector, a[0]!, a[1]!) >= 0);
        r.Fn(oid++, "vector_cmp", [Vector, Vector], Int4, (a, _) => ValueComparer.Compare(Vector, a[0]!, a[1]!));

        r.Agg(oid++, "avg", [Vector], Vector, () => new AvgState());
        r.Agg(oid, "sum", [Vector], Vector, () => new SumState());
    }

    /// <summary>avg(vector): float8 sums per dimension (pgvector's vector_accum), the mean rounded to float4 at the end.</summary>
    private sealed class AvgState : IAggregateState
    {
        private double[]? _sums;
        private long _count;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            var v = (float[])args[0]!;
            if (_sums is null)
            {
                _sums = new double[v.Length];
            }
            else
            {
                ValueText.CheckVectorDimensions(v, _sums.Length);
            }

            for (var i = 0; i < v.Length; i++)
            {
                var s = _sums[i] + v[i];
                if (double.IsInfinity(s))
                {
                    FunctionErrors.FloatOverflow<int>();
                }

                _sums[i] = s;
            }

            _count++;
        }

        public object? Result(EvalContext context)
        {
            if (_sums is null)
            {
                return null;
            }

            var result = new float[_sums.Length];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = (float)(_sums[i] / _count);
                if (float.IsInfinity(result[i]))
                {
                    FunctionErrors.FloatOverflow<int>();
                }
            }

            return result;
        }
    }

    /// <summary>sum(vector): vector_add over the rows (float4 sums, overflow is an error).</summary>
    private sealed class SumState : IAggregateState
    {
        private float[]? _sum;

        public void Add(ReadOnlySpan<object?> args, EvalContext context)
        {
            var v = (float[])args[0]!;
            _sum = _sum is null ? (float[])v.Clone() : VectorMath.Elementwise(_sum, v, '+');
        }

        public object? Result(EvalContext context) => _sum;
    }
}
