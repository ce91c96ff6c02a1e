using OmenDb.Common;
using OmenDb.Sql.Parsing;

namespace OmenDb.Sql.Tests;

/// <summary>Mangled input only ever produces PgException (42601 and friends), never another exception type.</summary>
public sealed class RobustnessTests
{
    private static IEnumerable<string> Corpus()
    {
        foreach (string row in RoundTripTests.Statements)
        {
            yield return row;
        }
    }

    private static void ParseOrPgError(string sql)
    {
        try
        {
            SqlParser.ParseScript(sql);
        }
        catch (PgException)
        {
        }
    }

    [Fact]
    public void EveryPrefixOfEveryStatement()
    {
        foreach (var sql in Corpus())
        {
            for (var n = 0; n <= sql.Length; n++)
            {
                ParseOrPgError(sql[..n]);
            }
        }
    }

    [Fact]
    public void DroppedAndDuplicatedWords()
    {
        foreach (var sql in Corpus())
        {
            var words = sql.Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                ParseOrPgError(string.Join(' ', words.Where((_, k) => k != i)));
                ParseOrPgError(string.Join(' ', words.Take(i + 1).Concat(words.Skip(i))));
            }
        }
    }

    [Fact]
    public void InjectedPunctuation()
    {
        string[] junk = ["(", ")", ",", ";", "[", "]", "::", ".", "'", "\"", "$", "$1", "*", "=", "/*", "--", "E'", "U&\""];
        foreach (var sql in Corpus().Take(120))
        {
            var words = sql.Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                foreach (var j in junk)
                {
                    ParseOrPgError(string.Join(' ', words.Take(i).Append(j).Concat(words.Skip(i))));
                }
            }
        }
    }
}
