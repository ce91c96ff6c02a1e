using OmenDb.Engine.Types;

namespace OmenDb.Engine.Functions.Temporal;

/// <summary>Interval arithmetic as PostgreSQL's interval_pl, interval_mi, interval_mul and interval_div.</summary>
internal static class IntervalMath
{
    private const double SecsPerDay = 86400.0;
    private const double DaysPerMonth = 30.0;

    public static PgInterval Add(PgInterval a, PgInterval b)
    {
        try
        {
            return new PgInterval(checked(a.Months + b.Months), checked(a.Days + b.Days), checked(a.Microseconds + b.Microseconds));
        }
        catch (OverflowException)
        {
            return FunctionErrors.IntervalOutOfRange<PgInterval>();
        }
    }

    public static PgInterval Negate(PgInterval a)
    {
        try
        {
            return new PgInterval(checked(-a.Months), checked(-a.Days), checked(-a.Microseconds));
        }
        catch (OverflowException)
        {
            return FunctionErrors.IntervalOutOfRange<PgInterval>();
        }
    }

    public static PgInterval Subtract(PgInterval a, PgInterval b) => Add(a, Negate(b));

    /// <summary>Rounds to microsecond precision (TSROUND).</summary>
    private static double TsRound(double x) => Math.Round(x * 1e6, MidpointRounding.ToEven) / 1e6;

    public static PgInterval Multiply(PgInterval span, double factor)
    {
        var monthsD = span.Months * factor;
        if (double.IsNaN(monthsD) || monthsD > int.MaxValue || monthsD < int.MinValue)
        {
            return FunctionErrors.IntervalOutOfRange<PgInterval>();
        }

        var months = (int)monthsD;
        var daysD = span.Days * factor;
        if (double.IsNaN(daysD) || daysD > int.MaxValue || daysD < int.MinValue)
        {
            return FunctionErrors.IntervalOutOfRange<PgInterval>();
        }

        var days = (int)daysD;
        var monthRemainderDays = TsRound((span.Months * factor - months) * DaysPerMonth);
        var secRemainder = TsRound((span.Days * factor - days + monthRemainderDays - (int)monthRemainderDays) * SecsPerDay);
        return Finish(months, days, monthRemainderDays, secRemainder, span.Microseconds * factor);
    }

    public static PgInterval Divide(PgInterval span, double factor)
    {
        if (factor == 0)
        {
            return FunctionErrors.DivisionByZero<PgInterval>();
        }

        var months = (int)(span.Months / factor);
        var days = (int)(span.Days / factor);
        var monthRemainderDays = TsRound((span.Months / factor - months) * DaysPerMonth);
        var secRemainder = TsRound((span.Days / factor - days + monthRemainderDays - (int)monthRemainderDays) * SecsPerDay);
        return Finish(months, days, monthRemainderDays, secRemainder, span.Microseconds / factor);
    }

    private static PgInterval Finish(int months, int days, double monthRemainderDays, double secRemainder, double timeScaled)
    {
        if (Math.Abs(secRemainder) >= SecsPerDay)
        {
            days += (int)(secRemainder / SecsPerDay);
            secRemainder -= (int)(secRemainder / SecsPerDay) * SecsPerDay;
        }

        days += (int)monthRemainderDays;
        var time = Math.Round(timeScaled + secRemainder * 1e6, MidpointRounding.ToEven);
        if (double.IsNaN(time) || time >= 9.2233720368547758E18 || time < -9.2233720368547758E18)
        {
            return FunctionErrors.IntervalOutOfRange<PgInterval>();
        }

        return new PgInterval(months, days, (long)time);
    }
}
