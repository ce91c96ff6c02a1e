using System.Numerics;

namespace OmenDb.Common;

/// <content>Arithmetic, rounding, comparison and hashing with numeric.c's result scales and special-value rules.</content>
public readonly partial struct PgNumeric
{
    /// <summary>numeric_add: the larger scale; NaN if either is NaN or for +Inf + −Inf.</summary>
    public static PgNumeric operator +(PgNumeric x, PgNumeric y)
    {
        if (x.IsSpecial || y.IsSpecial)
        {
            return AddSpecial(x, y.Sign, y);
        }

        var scale = Math.Max(x._scale, y._scale);
        return new PgNumeric(Align(x, scale) + Align(y, scale), scale).Checked();
    }

    /// <summary>numeric_sub.</summary>
    public static PgNumeric operator -(PgNumeric x, PgNumeric y) => x + (-y);

    /// <summary>Negation (numeric_uminus): zero stays unsigned, the infinities swap.</summary>
    public static PgNumeric operator -(PgNumeric x) => x._kind switch
    {
        NumericKind.Finite => new PgNumeric(-x._coefficient, x._scale),
        NumericKind.PositiveInfinity => NegativeInfinity,
        NumericKind.NegativeInfinity => PositiveInfinity,
        _ => x,
    };

    private static PgNumeric AddSpecial(PgNumeric x, int ySign, PgNumeric y)
    {
        if (x.IsNaN || y.IsNaN)
        {
            return NaN;
        }

        if (x.IsInfinity && y.IsInfinity)
        {
            return x.Sign == ySign ? x : NaN;
        }

        return x.IsInfinity ? x : y;
    }

    /// <summary>numeric_mul: exact, with the sum of the scales; Inf × 0 is NaN.</summary>
    public static PgNumeric operator *(PgNumeric x, PgNumeric y)
    {
        if (x.IsSpecial || y.IsSpecial)
        {
            if (x.IsNaN || y.IsNaN)
            {
                return NaN;
            }

            var sign = x.Sign * y.Sign;
            return sign == 0 ? NaN : sign > 0 ? PositiveInfinity : NegativeInfinity;
        }

        return new PgNumeric(x._coefficient * y._coefficient, x._scale + y._scale).Checked();
    }

    /// <summary>numeric_div: rounded at <see cref="DivisionScale"/>; 22012 for a zero divisor.</summary>
    public static PgNumeric operator /(PgNumeric x, PgNumeric y)
    {
        if (x.IsSpecial || y.IsSpecial)
        {
            return DivideSpecial(x, y);
        }

        if (y.IsZero)
        {
            throw DivisionByZero();
        }

        return Divide(x, y, DivisionScale(x, y), round: true);
    }

    /// <summary>numeric_mod: x − y × trunc(x / y), with the larger scale; the sign follows x.</summary>
    public static PgNumeric operator %(PgNumeric x, PgNumeric y)
    {
        if (x.IsSpecial || y.IsSpecial)
        {
            if (x.IsNaN || y.IsNaN)
            {
                return NaN;
            }

            if (x.IsInfinity)
            {
                return y.IsZero ? throw DivisionByZero() : NaN;
            }

            return x;
        }

        if (y.IsZero)
        {
            throw DivisionByZero();
        }

        var scale = Math.Max(x._scale, y._scale);
        return new PgNumeric(BigInteger.Remainder(Align(x, scale), Align(y, scale)), scale);
    }

    /// <summary>div(x, y) (numeric_div_trunc): the quotient truncated toward zero, scale 0.</summary>
    public static PgNumeric DivideTruncated(PgNumeric x, PgNumeric y)
    {
        if (x.IsSpecial || y.IsSpecial)
        {
            return DivideSpecial(x, y);
        }

        if (y.IsZero)
        {
            throw DivisionByZero();
        }

        return Divide(x, y, 0, round: false);
    }

    private static PgNumeric DivideSpecial(PgNumeric x, PgNumeric y)
    {
        if (x.IsNaN || y.IsNaN)
        {
            return NaN;
        }

        if (x.IsInfinity)
        {
            if (y.IsSpecial)
            {
                return NaN;
            }

            return y.Sign switch
            {
                0 => throw DivisionByZero(),
                > 0 => x,
                _ => -x,
            };
        }

        // A finite value over ±Infinity: zero, as numeric.c returns it (no underflow error, no negative zero).
        return Zero;
    }

    /// <summary>x / y rounded (half away from zero) or truncated at <paramref name="scale"/> digits after the point.</summary>
    public static PgNumeric Divide(PgNumeric x, PgNumeric y, int scale, bool round)
    {
        // x / y = (cx × 10^sy) / (cy × 10^sx); scaled by 10^scale.
        var numerator = x._coefficient * Pow10(y._scale + Math.Max(scale, 0));
        var denominator = y._coefficient * Pow10(x._scale + Math.Max(-scale, 0));
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        if (round && !remainder.IsZero && BigInteger.Abs(remainder) * 2 >= BigInteger.Abs(denominator))
        {
            quotient += numerator.Sign * denominator.Sign;
        }

        return new PgNumeric(quotient, scale).Checked();
    }

    /// <summary>
    /// select_div_scale: enough digits for at least <see cref="MinSigDigits"/> significant digits of the quotient,
    /// judged from the base-10000 weights and first digits, and never fewer than either operand's scale.
    /// </summary>
    public static int DivisionScale(PgNumeric x, PgNumeric y)
    {
        var (weight1, first1) = x.LeadingGroup();
        var (weight2, first2) = y.LeadingGroup();
        var qweight = weight1 - weight2;
        if (first1 <= first2)
        {
            qweight--;
        }

        var scale = MinSigDigits - (qweight * 4);
        scale = Math.Max(scale, x._scale);
        scale = Math.Max(scale, y._scale);
        scale = Math.Max(scale, 0);
        return Math.Min(scale, MaxDisplayScale);
    }

    /// <summary>
    /// The weight and value of the first non-zero base-10000 digit of |value| as NumericVar holds them (digit groups
    /// aligned at the decimal point); zero has weight 0 and first digit 0.
    /// </summary>
    public (int Weight, int FirstDigit) LeadingGroup()
    {
        if (!IsFinite || _coefficient.IsZero)
        {
            return (0, 0);
        }

        var weight = FloorDiv(DecimalExponent, 4);
        return (weight, (int)DigitsAt(weight, 1));
    }

    /// <summary>floor(|value| / 10000^(weight − groups + 1)): the <paramref name="groups"/> base-10000 digits from
    /// <paramref name="weight"/> down, as one integer.</summary>
    public BigInteger DigitsAt(int weight, int groups)
    {
        var shift = _scale + (4 * (weight - groups + 1));
        var magnitude = BigInteger.Abs(_coefficient);
        var groupsValue = shift >= 0 ? magnitude / Pow10(shift) : magnitude * Pow10(-shift);
        return groupsValue % Pow10(4 * groups);
    }

    internal static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static BigInteger Align(PgNumeric x, int scale) =>
        x._scale == scale ? x._coefficient : x._coefficient * Pow10(scale - x._scale);

    /// <summary>
    /// round(x, scale): half away from zero. A non-negative scale becomes the display scale (padding with zeros);
    /// a negative one rounds to tens, hundreds... with scale 0. NaN and the infinities stay as they are.
    /// </summary>
    public PgNumeric Round(int scale) => Rescale(scale, MidpointRounding.AwayFromZero);

    /// <summary>trunc(x, scale): toward zero, with <see cref="Round"/>'s scale rules.</summary>
    public PgNumeric Truncate(int scale) => Rescale(scale, MidpointRounding.ToZero);

    /// <summary>ceil(x): the smallest integer not below x, scale 0.</summary>
    public PgNumeric Ceiling() => Rescale(0, MidpointRounding.ToPositiveInfinity);

    /// <summary>floor(x): the largest integer not above x, scale 0.</summary>
    public PgNumeric Floor() => Rescale(0, MidpointRounding.ToNegativeInfinity);

    private PgNumeric Rescale(int scale, MidpointRounding mode)
    {
        if (!IsFinite)
        {
            return this;
        }

        scale = Math.Clamp(scale, -MaxStoredScale, MaxStoredScale);
        if (scale >= _scale)
        {
            return new PgNumeric(_coefficient * Pow10(scale - _scale), scale);
        }

        var divisor = Pow10(_scale - scale);
        var quotient = BigInteger.DivRem(_coefficient, divisor, out var remainder);
        if (!remainder.IsZero)
        {
            var up = mode switch
            {
                MidpointRounding.AwayFromZero => BigInteger.Abs(remainder) * 2 >= divisor,
                MidpointRounding.ToPositiveInfinity => remainder.Sign > 0,
                MidpointRounding.ToNegativeInfinity => remainder.Sign < 0,
                _ => false,
            };
            if (up)
            {
                quotient += remainder.Sign;
            }
        }

        return scale >= 0 ? new PgNumeric(quotient, scale) : new PgNumeric(quotient * Pow10(-scale), 0);
    }

    /// <summary>abs(x).</summary>
    public PgNumeric Abs() => Sign < 0 ? -this : this;

    /// <summary>The value with <paramref name="scale"/> as its display scale exactly (rounding or padding).</summary>
    public PgNumeric WithScale(int scale) => Round(Math.Max(scale, 0));

    /// <summary>min_scale: the smallest scale that represents the value exactly.</summary>
    public int MinScale()
    {
        if (!IsFinite || _coefficient.IsZero)
        {
            return 0;
        }

        var c = _coefficient;
        var scale = _scale;
        while (scale > 0 && (c % 10).IsZero)
        {
            c /= 10;
            scale--;
        }

        return scale;
    }

    /// <summary>trim_scale: the value with <see cref="MinScale"/> as its display scale.</summary>
    public PgNumeric TrimScale() => IsFinite ? Round(MinScale()) : this;

    /// <summary>numeric_cmp: NaN equals NaN and sorts above everything; −Infinity &lt; numbers &lt; +Infinity.</summary>
    public int CompareTo(PgNumeric other)
    {
        if (IsSpecial || other.IsSpecial)
        {
            return Rank(this).CompareTo(Rank(other));
        }

        var sign = _coefficient.Sign;
        if (sign != other._coefficient.Sign)
        {
            return sign.CompareTo(other._coefficient.Sign);
        }

        if (_scale == other._scale)
        {
            return _coefficient.CompareTo(other._coefficient);
        }

        var scale = Math.Max(_scale, other._scale);
        return Align(this, scale).CompareTo(Align(other, scale));
    }

    /// <summary>−Infinity 0, numbers 1, +Infinity 2, NaN 3.</summary>
    private static int Rank(PgNumeric x) => x._kind switch
    {
        NumericKind.NegativeInfinity => 0,
        NumericKind.Finite => 1,
        NumericKind.PositiveInfinity => 2,
        _ => 3,
    };

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj is PgNumeric other ? CompareTo(other) : 1;

    /// <summary>Numeric equality: 1.0 = 1.00, NaN = NaN.</summary>
    public bool Equals(PgNumeric other) => CompareTo(other) == 0;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PgNumeric other && Equals(other);

    /// <summary>Consistent with <see cref="Equals(PgNumeric)"/>: trailing fractional zeros do not change the hash.</summary>
    public override int GetHashCode()
    {
        if (IsSpecial)
        {
            return (int)_kind;
        }

        var c = _coefficient;
        var scale = _scale;
        if (scale > 0 && !c.IsZero)
        {
            if (c >= long.MinValue && c <= long.MaxValue)
            {
                var small = (long)c;
                while (scale > 0 && small % 10 == 0)
                {
                    small /= 10;
                    scale--;
                }

                return HashCode.Combine(small, scale);
            }

            while (scale > 0 && (c % 10).IsZero)
            {
                c /= 10;
                scale--;
            }
        }
        else if (c.IsZero)
        {
            scale = 0;
        }

        return c >= long.MinValue && c <= long.MaxValue ? HashCode.Combine((long)c, scale) : HashCode.Combine(c, scale);
    }

    /// <summary>Numeric equality.</summary>
    public static bool operator ==(PgNumeric x, PgNumeric y) => x.Equals(y);

    /// <summary>Numeric inequality.</summary>
    public static bool operator !=(PgNumeric x, PgNumeric y) => !x.Equals(y);

    /// <summary>Numeric order.</summary>
    public static bool operator <(PgNumeric x, PgNumeric y) => x.CompareTo(y) < 0;

    /// <summary>Numeric order.</summary>
    public static bool operator >(PgNumeric x, PgNumeric y) => x.CompareTo(y) > 0;

    /// <summary>Numeric order.</summary>
    public static bool operator <=(PgNumeric x, PgNumeric y) => x.CompareTo(y) <= 0;

    /// <summary>Numeric order.</summary>
    public static bool operator >=(PgNumeric x, PgNumeric y) => x.CompareTo(y) >= 0;
}
