using OmenDb.Common;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions.Numerics;

/// <summary>
/// The trigonometric functions in degrees (sind, cosd, tand, cotd, asind, acosd, atand, atan2d). As PostgreSQL's
/// float.c does, each reduces its argument to the first quadrant and scales by the value at a reference angle, so that
/// the standard angles come out exact: sind(30) = 0.5, cosd(60) = 0.5, tand(45) = 1, asind(0.5) = 30.
/// </summary>
internal static class DegreeTrig
{
    private const double RadiansPerDegree = Math.PI / 180.0;
    private static readonly double s_sin30 = Math.Sin(30 * RadiansPerDegree);
    private static readonly double s_oneMinusCos60 = 1.0 - Math.Cos(60 * RadiansPerDegree);
    private static readonly double s_asin05 = Math.Asin(0.5);
    private static readonly double s_acos05 = Math.Acos(0.5);
    private static readonly double s_atan1 = Math.Atan(1.0);
    private static readonly double s_tan45 = SinQ1(45) / CosQ1(45);
    private static readonly double s_cot45 = CosQ1(45) / SinQ1(45);

    public static void Register(RegistryBuilder r)
    {
        var f8 = PgTypes.Float8;
        r.Fn(2735, "sind", [f8], f8, (a, _) => Sind((double)a[0]!));
        r.Fn(2736, "cosd", [f8], f8, (a, _) => Cosd((double)a[0]!));
        r.Fn(2737, "tand", [f8], f8, (a, _) => Tand((double)a[0]!, cot: false));
        r.Fn(2738, "cotd", [f8], f8, (a, _) => Tand((double)a[0]!, cot: true));
        r.Fn(2731, "asind", [f8], f8, (a, _) => Asind((double)a[0]!));
        r.Fn(2732, "acosd", [f8], f8, (a, _) => Acosd((double)a[0]!));
        r.Fn(2733, "atand", [f8], f8, (a, _) => double.IsNaN((double)a[0]!) ? double.NaN : Math.Atan((double)a[0]!) / s_atan1 * 45.0);
        r.Fn(2734, "atan2d", [f8, f8], f8, (a, _) => Math.Atan2((double)a[0]!, (double)a[1]!) / s_atan1 * 45.0);
    }

    private static double SinQ1(double x) => x <= 30 ? Math.Sin(x * RadiansPerDegree) / s_sin30 / 2.0 : 1.0 - CosTo60(90 - x);

    private static double CosQ1(double x) => x <= 60 ? 1.0 - CosTo60(x) : Math.Sin((90 - x) * RadiansPerDegree) / s_sin30 / 2.0;

    private static double CosTo60(double x) => (1.0 - Math.Cos(x * RadiansPerDegree)) / s_oneMinusCos60 / 2.0;

    private static double Reduce(double x)
    {
        if (double.IsInfinity(x))
        {
            return FunctionErrors.Error<double>(SqlState.NumericValueOutOfRange, "input is out of range");
        }

        return x % 360.0;
    }

    private static double Sind(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        x = Reduce(x);
        var sign = 1.0;
        if (x < 0)
        {
            x = -x;
            sign = -1;
        }

        if (x > 180)
        {
            x -= 180;
            sign = -sign;
        }

        return sign * SinQ1(x > 90 ? 180 - x : x);
    }

    private static double Cosd(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        x = Math.Abs(Reduce(x));
        if (x > 180)
        {
            x = 360 - x;
        }

        var sign = 1.0;
        if (x > 90)
        {
            x = 180 - x;
            sign = -1;
        }

        return sign * CosQ1(x);
    }

    private static double Tand(double x, bool cot)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        x = Reduce(x);
        var sign = 1.0;
        if (x < 0)
        {
            x = -x;
            sign = -1;
        }

        if (x > 180)
        {
            x -= 180;
            sign = -sign;
        }

        if (x > 90)
        {
            x = 180 - x;
            sign = -sign;
        }

        var value = cot ? CosQ1(x) / SinQ1(x) / s_cot45 : SinQ1(x) / CosQ1(x) / s_tan45;
        return sign * value;
    }

    private static double AsinQ1(double x) => x <= 0.5 ? Math.Asin(x) / s_asin05 * 30.0 : 90.0 - (Math.Acos(x) / s_acos05 * 60.0);

    private static double AcosQ1(double x) => x <= 0.5 ? 90.0 - (Math.Asin(x) / s_asin05 * 30.0) : Math.Acos(x) / s_acos05 * 60.0;

    private static double Asind(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x is < -1 or > 1)
        {
            return FunctionErrors.Error<double>(SqlState.NumericValueOutOfRange, "input is out of range");
        }

        return x >= 0 ? AsinQ1(x) : -AsinQ1(-x);
    }

    private static double Acosd(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x is < -1 or > 1)
        {
            return FunctionErrors.Error<double>(SqlState.NumericValueOutOfRange, "input is out of range");
        }

        return x >= 0 ? AcosQ1(x) : 90.0 + AsinQ1(-x);
    }
}
