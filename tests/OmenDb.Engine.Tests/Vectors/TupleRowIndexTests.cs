using OmenDb.Engine.Columnar;
using OmenDb.Engine.Vectors;

namespace OmenDb.Engine.Tests.Vectors;

/// <summary>Loading a stored HNSW graph finds rows by tuple id: in place when the ids ascend (placeholder rows of id 0
/// padding a segment's tail, as the parallel start-up load leaves them), through a sorted copy when they do not.</summary>
public sealed class TupleRowIndexTests
{
    private const int Capacity = TableSegment.Capacity;

    [Fact]
    public void Ascending_ids_with_padded_segments_are_found_in_place()
    {
        // Segment 0: ids 1..1000 then placeholders; segment 1: full, ids 5001..; segment 2: placeholders only;
        // segment 3: 10 rows (the table's last, partial).
        var segments = Segments(4);
        Fill(segments[0], 0, 1000, first: 1);
        Fill(segments[1], 0, Capacity, first: 5001);
        Fill(segments[3], 0, 10, first: 100_000);
        var count = (3L * Capacity) + 10;
        var index = new TupleRowIndex(segments, count);
        Assert.True(index.InPlace);
        AssertFinds(index, segments, count);
        Assert.Equal(-1, index.RowOf(0));
        Assert.Equal(-1, index.RowOf(1001)); // between the parts
        Assert.Equal(-1, index.RowOf(100_010)); // past the last row
        Assert.Equal(-1, index.RowOf(-5));
    }

    [Fact]
    public void Ids_out_of_order_are_found_through_a_sorted_copy()
    {
        var segments = Segments(2);
        Fill(segments[0], 0, Capacity, first: 10_000);
        Fill(segments[1], 0, 100, first: 1); // replayed rows with lower ids
        var count = Capacity + 100L;
        var index = new TupleRowIndex(segments, count);
        Assert.False(index.InPlace);
        AssertFinds(index, segments, count);
        Assert.Equal(-1, index.RowOf(500));
    }

    [Fact]
    public void A_placeholder_before_real_rows_of_its_segment_needs_the_copy()
    {
        var segments = Segments(1);
        Fill(segments[0], 0, 10, first: 1);
        Fill(segments[0], 11, 10, first: 20);
        var index = new TupleRowIndex(segments, 21);
        Assert.False(index.InPlace);
        AssertFinds(index, segments, 21);
    }

    private static void AssertFinds(TupleRowIndex index, TableSegment[] segments, long count)
    {
        for (var row = 0L; row < count; row++)
        {
            var id = segments[row / Capacity].TupleIds[row % Capacity];
            if (id != 0)
            {
                Assert.Equal(row, index.RowOf(id));
            }
        }
    }

    private static TableSegment[] Segments(int count) => [.. Enumerable.Range(0, count).Select(_ => new TableSegment([]))];

    private static void Fill(TableSegment segment, int from, int rows, long first)
    {
        for (var i = 0; i < rows; i++)
        {
            segment.TupleIds[from + i] = first + i;
        }
    }
}
