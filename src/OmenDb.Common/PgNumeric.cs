using System.Globalization;
using System.Numerics;

namespace OmenDb.Common;

/// <summary>
/// PostgreSQL's arbitrary-precision numeric: a finite value is an unscaled <see cref="BigInteger"/> coefficient and a
/// display scale (value = coefficient × 10^−scale, scale ≥ 0, so 1.50 keeps its two places), or one of NaN,
/// +Infinity, −Infinity. Arithmetic follows numeric.c: + and − keep the larger scale, × adds the scales, ÷ picks
/// select_div_scale's scale (at least 16 significant digits), rounding is half away from zero, and NaN compares equal
/// to itself and greater than everything else. Text input and output are numeric_in / numeric_out
/// (<see cref="Parse(string)"/>, <see cref="ToString()"/>).
/// </summary>
public readonly partial struct PgNumeric : IEquatable<PgNumeric>, IComparable<PgNumeric>, IComparable
{
    /// <summary>NUMERIC_MIN_SIG_DIGITS: the significant digits a quotient or transcendental result keeps at least.</summary>
    public const int MinSigDigits = 16;

    /// <summary>NUMERIC_MAX_DISPLAY_SCALE: the largest scale a computed result gets.</summary>
    public const int MaxDisplayScale = 1000;

    /// <summary>NUMERIC_DSCALE_MAX: the largest display scale the format stores.</summary>
    public const int MaxStoredScale = 0x3FFF;

    /// <summary>Decimal digits before the point the format holds: (NUMERIC_WEIGHT_MAX + 1) × 4 = 32768 × 4.</summary>
    public const int MaxIntegerDigits = 131072;

    private readonly BigInteger _coefficient;
    private readonly int _scale;
    private readonly NumericKind _kind;

    /// <summary>The finite value <paramref name="coefficient"/> × 10^−<paramref name="scale"/> (scale ≥ 0).</summary>
    public PgNumeric(BigInteger coefficient, int scale)
    {
        if (scale < 0)
        {
            coefficient *= Pow10(-scale);
            scale = 0;
        }

        _coefficient = coefficient;
        _scale = scale;
        _kind = NumericKind.Finite;
    }

    private PgNumeric(NumericKind kind)
    {
        _coefficient = BigInteger.Zero;
        _scale = 0;
        _kind = kind;
    }

    /// <summary>NaN: equal to itself, greater than every other value.</summary>
    public static PgNumeric NaN { get; } = new(NumericKind.NaN);

    /// <summary>+Infinity.</summary>
    public static PgNumeric PositiveInfinity { get; } = new(NumericKind.PositiveInfinity);

    /// <summary>−Infinity.</summary>
    public static PgNumeric NegativeInfinity { get; } = new(NumericKind.NegativeInfinity);

    /// <summary>0 (scale 0).</summary>
    public static PgNumeric Zero => default;

    /// <summary>1 (scale 0).</summary>
    public static PgNumeric One { get; } = new(BigInteger.One, 0);

    /// <summary>Finite, NaN or one of the infinities.</summary>
    public NumericKind Kind => _kind;

    /// <summary>True for NaN.</summary>
    public bool IsNaN => _kind == NumericKind.NaN;

    /// <summary>True for ±Infinity.</summary>
    public bool IsInfinity => _kind is NumericKind.PositiveInfinity or NumericKind.NegativeInfinity;

    /// <summary>True for an ordinary number.</summary>
    public bool IsFinite => _kind == NumericKind.Finite;

    /// <summary>True for NaN and ±Infinity (numeric.c NUMERIC_IS_SPECIAL).</summary>
    public bool IsSpecial => _kind != NumericKind.Finite;

    /// <summary>True for a finite zero of any scale.</summary>
    public bool IsZero => _kind == NumericKind.Finite && _coefficient.IsZero;

    /// <summary>The unscaled coefficient of a finite value (zero for NaN and the infinities).</summary>
    public BigInteger Coefficient => _coefficient;

    /// <summary>The display scale: digits shown after the point (0 for NaN and the infinities).</summary>
    public int Scale => _scale;

    /// <summary>−1, 0 or 1; the infinities have their sign, NaN 0.</summary>
    public int Sign => _kind switch
    {
        NumericKind.Finite => _coefficient.Sign,
        NumericKind.PositiveInfinity => 1,
        NumericKind.NegativeInfinity => -1,
        _ => 0,
    };

    /// <summary>A decimal, keeping its scale (1.50m stays 1.50).</summary>
    public static PgNumeric FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        return new PgNumeric(bits[3] < 0 ? -magnitude : magnitude, (bits[3] >> 16) & 0xFF);
    }

    /// <summary>An integer with scale 0.</summary>
    public static implicit operator PgNumeric(long value) => new(value, 0);

    /// <summary>An integer with scale 0.</summary>
    public static implicit operator PgNumeric(int value) => new(value, 0);

    /// <summary>An integer with scale 0.</summary>
    public static implicit operator PgNumeric(Int128 value) => new((BigInteger)value, 0);

    /// <summary>A decimal, keeping its scale.</summary>
    public static implicit operator PgNumeric(decimal value) => FromDecimal(value);

    /// <summary>The value as a decimal when it fits (28-29 significant digits, scale ≤ 28; a larger scale is rounded).</summary>
    public bool TryToDecimal(out decimal value)
    {
        value = 0;
        if (!IsFinite)
        {
            return false;
        }

        var n = _scale > 28 ? Round(28) : this;
        var magnitude = BigInteger.Abs(n._coefficient);
        var scale = n._scale;
        while (magnitude.GetBitLength() > 96 && scale > 0)
        {
            n = n.Round(scale - 1);
            magnitude = BigInteger.Abs(n._coefficient);
            scale = n._scale;
        }

        if (magnitude.GetBitLength() > 96)
        {
            return false;
        }

        var low = (ulong)(magnitude & ulong.MaxValue);
        var high = (uint)(magnitude >> 64);
        value = new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)high, n._coefficient.Sign < 0, (byte)scale);
        return true;
    }

    /// <summary>numeric_float8: through the text form, as PostgreSQL does; NaN and the infinities map to theirs.</summary>
    public double ToDouble() => _kind switch
    {
        NumericKind.NaN => double.NaN,
        NumericKind.PositiveInfinity => double.PositiveInfinity,
        NumericKind.NegativeInfinity => double.NegativeInfinity,
        _ => _scale == 0 && _coefficient >= long.MinValue && _coefficient <= long.MaxValue && BigInteger.Abs(_coefficient) < (1L << 53)
            ? (double)(long)_coefficient
            : double.Parse(ToString(), NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>float8_numeric: 15 significant digits (DBL_DIG) as PostgreSQL prints them, or NaN / ±Infinity.</summary>
    public static PgNumeric FromDouble(double value, int significantDigits = 15)
    {
        if (double.IsNaN(value))
        {
            return NaN;
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? PositiveInfinity : NegativeInfinity;
        }

        return Parse(value.ToString("G" + significantDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Rounds half away from zero to an integer and returns it when it lies in [<paramref name="min"/>,
    /// <paramref name="max"/>]; false for NaN, the infinities and values out of range (the caller names the error).
    /// </summary>
    public bool TryToInt64(long min, long max, out long value)
    {
        value = 0;
        if (!IsFinite)
        {
            return false;
        }

        var rounded = Round(0)._coefficient;
        if (rounded < min || rounded > max)
        {
            return false;
        }

        value = (long)rounded;
        return true;
    }

    /// <summary>The value rounded half away from zero to an Int128, or false when it does not fit or is not finite.</summary>
    public bool TryToInt128(out Int128 value)
    {
        value = 0;
        if (!IsFinite)
        {
            return false;
        }

        var rounded = Round(0)._coefficient;
        if (rounded.GetBitLength() > 127)
        {
            return false;
        }

        value = (Int128)rounded;
        return true;
    }

    /// <summary>The number of decimal digits of |coefficient| (1 for zero).</summary>
    internal static int DigitCount(BigInteger magnitude)
    {
        if (magnitude.IsZero)
        {
            return 1;
        }

        // log10(2) ≈ 0.30103: the estimate is off by at most one, corrected against 10^estimate.
        var estimate = (int)((magnitude.GetBitLength() - 1) * 0.30102999566398120) + 1;
        if (magnitude >= Pow10(estimate))
        {
            estimate++;
        }
        else if (estimate > 1 && magnitude < Pow10(estimate - 1))
        {
            estimate--;
        }

        return estimate;
    }

    /// <summary>floor(log10|value|) of a finite non-zero value: 0 for 1..9.99, −1 for 0.1..0.999, 2 for 100.</summary>
    public int DecimalExponent => IsFinite && !_coefficient.IsZero ? DigitCount(BigInteger.Abs(_coefficient)) - 1 - _scale : 0;

    private static readonly BigInteger[] s_pow10 = BuildPowers();

    private static BigInteger[] BuildPowers()
    {
        var powers = new BigInteger[64];
        powers[0] = BigInteger.One;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    /// <summary>10^<paramref name="n"/> (n ≥ 0).</summary>
    public static BigInteger Pow10(int n) => n < s_pow10.Length ? s_pow10[n] : BigInteger.Pow(10, n);

    /// <summary>Throws 22003 "value overflows numeric format" when a result has more digits than the format keeps.</summary>
    internal PgNumeric Checked()
    {
        if (IsFinite && (_scale > MaxStoredScale
            || (_coefficient.GetBitLength() > 400_000 && DigitCount(BigInteger.Abs(_coefficient)) - _scale > MaxIntegerDigits)))
        {
            throw Overflow();
        }

        return this;
    }

    internal static PgException Overflow() => new(SqlState.NumericValueOutOfRange, "value overflows numeric format");

    internal static PgException DivisionByZero() => new(SqlState.DivisionByZero, "division by zero");
}

/// <summary>What a <see cref="PgNumeric"/> holds; the order is the sort order of the special values.</summary>
public enum NumericKind : byte
{
    /// <summary>An ordinary number.</summary>
    Finite = 0,

    /// <summary>−Infinity: below every number.</summary>
    NegativeInfinity = 1,

    /// <summary>+Infinity: above every number.</summary>
    PositiveInfinity = 2,

    /// <summary>Not a number: above everything, equal to itself.</summary>
    NaN = 3,
}
