using Xunit.Abstractions;
using Xunit.Sdk;

namespace OmenDb.Regress.Tests;

/// <summary>
/// Runs regression cases in <c>sql/schedule</c> order (xUnit's default order is by a hash of the case id), as
/// pg_regress does: a later script may rely on nothing from an earlier one, but a failure is easiest to read in order.
/// </summary>
public sealed class ScheduleOrderer : ITestCaseOrderer
{
    /// <summary>The assembly-qualified name used in <c>[TestCaseOrderer]</c>.</summary>
    public const string TypeName = "OmenDb.Regress.Tests.ScheduleOrderer";

    /// <summary>The assembly name used in <c>[TestCaseOrderer]</c>.</summary>
    public const string AssemblyName = "OmenDb.Regress.Tests";

    /// <inheritdoc />
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase
        => testCases
            .OrderBy(testCase => testCase.TestMethodArguments is [string name, ..] ? RegressionSuite.ScheduleIndex(name) : -1)
            .ThenBy(testCase => testCase.DisplayName, StringComparer.Ordinal);
}
