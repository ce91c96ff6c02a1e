using System.Runtime.CompilerServices;

namespace OmenDb.Engine.Indexes;

/// <summary>
/// One linear model, position ≈ slope × (key − first key) + intercept, fitted by least squares and then
/// shifted so that the errors are balanced; the largest error over every key is measured with the exact
/// prediction code the search runs, so the window [prediction − error, prediction + error + 1] always holds
/// the answer (the prediction is monotone in the key, so keys between two stored keys are covered too). One
/// model = 24 bytes. Ideal for dense or evenly gapped keys (sequences), useless for skewed ones: the chooser
/// uses it only when its error is small.
/// </summary>
internal sealed class LinearModelEngine : IIndexEngine
{
    private readonly long[] _keys;
    private readonly long _first;
    private readonly long _last;
    private readonly double _slope;
    private readonly double _intercept;

    public LinearModelEngine(long[] keys)
    {
        _keys = keys;
        var n = keys.Length;
        if (n == 0)
        {
            _last = long.MinValue;
            return;
        }

        _first = keys[0];
        _last = keys[^1];

        // Least squares on (x = key − first, y = position), centred for stability (two passes, O(n)).
        double meanX = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += Offset(keys[i], _first);
        }

        meanX /= n;
        var meanY = (n - 1) / 2.0;
        double sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = Offset(keys[i], _first) - meanX;
            sxy += dx * (i - meanY);
            sxx += dx * dx;
        }

        _slope = sxx > 0 ? Math.Max(0, sxy / sxx) : 0;
        _intercept = meanY - (_slope * meanX);

        // Balance the residuals: the best intercept for this slope halves the spread of the errors.
        double minResidual = double.MaxValue, maxResidual = double.MinValue;
        for (var i = 0; i < n; i++)
        {
            var r = i - ((_slope * Offset(keys[i], _first)) + _intercept);
            minResidual = Math.Min(minResidual, r);
            maxResidual = Math.Max(maxResidual, r);
        }

        _intercept += (minResidual + maxResidual) / 2;
        (MaxError, MeanError) = Measure();
    }

    /// <inheritdoc/>
    public IndexEngineKind Kind => IndexEngineKind.Linear;

    /// <inheritdoc/>
    public int Count => _keys.Length;

    /// <inheritdoc/>
    public long ModelBytes => 3 * sizeof(double);

    /// <inheritdoc/>
    public int MaxError { get; }

    /// <inheritdoc/>
    public double MeanError { get; }

    /// <inheritdoc/>
    public int Models => 1;

    /// <inheritdoc/>
    public int LowerBound(long key)
    {
        var n = _keys.Length;
        if (key > _last)
        {
            return n;
        }

        if (key <= _first)
        {
            return 0;
        }

        var p = Predict(key);
        var lo = Math.Max(0, p - MaxError);
        var hi = (int)Math.Min(n, (long)p + MaxError + 1);
        return SortedSearch.LowerBoundInWindow(_keys, lo, hi, key);
    }

    /// <summary>The predicted position of a key in [first, last], clamped to [0, n − 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Predict(long key)
    {
        var p = (_slope * Offset(key, _first)) + _intercept + 0.5;
        return p <= 0 ? 0 : p >= _keys.Length - 1 ? _keys.Length - 1 : (int)p;
    }

    /// <summary>key − first as a non-negative double (the subtraction cannot overflow in unsigned arithmetic).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Offset(long key, long first) => (ulong)(key - first);

    private (int Max, double Mean) Measure()
    {
        long max = 0;
        double sum = 0;
        for (var i = 0; i < _keys.Length; i++)
        {
            var e = Math.Abs((long)Predict(_keys[i]) - i);
            max = Math.Max(max, e);
            sum += e;
        }

        return ((int)Math.Min(max, int.MaxValue), sum / Math.Max(1, _keys.Length));
    }

    /// <inheritdoc/>
    public string Describe() => $"linear (max error {MaxError})";
}
