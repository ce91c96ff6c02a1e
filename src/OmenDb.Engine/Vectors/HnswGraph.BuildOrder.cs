namespace OmenDb.Engine.Vectors;

/// <summary>
/// The order a bulk of appended nodes is linked in: nearby vectors batch by batch, the batches of different regions taking
/// turns.
/// <para>Why: past the caches (1M × 128: 512 MB of float32 vectors and 132 MB of compact rows) a build is bound by
/// misses: each node's search reads a thousand or more nodes of its neighbourhood. In row order the 256 nodes of a batch
/// come from anywhere, so each search reads its own part of the graph from memory. Grouped into cells of nearby
/// vectors, a batch's searches walk one region, which the first few bring into the caches for the rest; and since nodes
/// are renumbered in that order, a region's rows, links and visited marks lie in runs of 256 consecutive nodes instead
/// of being spread over the whole graph.</para>
/// <para>Graph quality: cells take turns one batch at a time, so every region of the graph grows at the same pace, as in
/// row order; a batch's nodes compare themselves exactly with the batch's earlier nodes (<see cref="ChooseNeighbours"/>),
/// which are now their neighbours, so no node misses a close neighbour because it sat in the same batch.</para>
/// <para>Determinism: the cells are the Voronoi cells of seeds taken at evenly spaced positions of the pending nodes
/// (ties to the lower cell), members keep their order, so the order depends only on the pending vectors and their
/// order, not on threads.</para>
/// </summary>
internal sealed partial class HnswGraph
{
    /// <summary>Nodes per cell: a cell's compact rows and links (about 330 bytes a node at 128 dimensions, 2.7 MB) fit in a
    /// core's L2 with room for the float32 vectors the candidates are scored on again; 30-odd batches per cell.</summary>
    private const int CellSize = 8192;

    /// <summary>At most this many cells: assigning a node costs one distance per cell (1M nodes × 128 cells is about 1%
    /// of a build).</summary>
    private const int MaxCells = 128;

    /// <summary>Nodes assigned to cells per parallel work item.</summary>
    private const int AssignChunk = 4096;

    /// <summary>Whether a bulk of pending nodes is linked in cell order (on by default; off to measure row order).</summary>
    public bool OrdersPending { get; init; } = true;

    /// <summary>
    /// Reorders the pending nodes [<see cref="LinkedCount"/>, <see cref="Count"/>) by cell (see the class notes) when there
    /// are at least two cells' worth of them; pending nodes have no links and nothing links to them yet, so they can move.
    /// </summary>
    private void OrderPending()
    {
        var start = _linked;
        var pending = _count - start;
        var cells = Math.Min(MaxCells, pending / CellSize);
        if (cells < 2 || !OrdersPending)
        {
            return;
        }

        var seeds = new float[cells * Dimensions];
        for (var c = 0; c < cells; c++)
        {
            VectorOf(start + (int)((long)c * pending / cells)).CopyTo(seeds.AsSpan(c * Dimensions, Dimensions));
        }

        var cellOf = new int[pending];
        Parallel.For(0, (pending + AssignChunk - 1) / AssignChunk, part =>
        {
            var scratch = new float[Dimensions];
            var end = Math.Min(pending, (part + 1) * AssignChunk);
            for (var i = part * AssignChunk; i < end; i++)
            {
                var vector = VectorOf(start + i);
                var best = 0;
                var bestScore = float.PositiveInfinity;
                for (var c = 0; c < cells; c++)
                {
                    var s = DistanceKernels.Score(Metric, vector, seeds.AsSpan(c * Dimensions, Dimensions), scratch);
                    if (s < bestScore)
                    {
                        (best, bestScore) = (c, s);
                    }
                }

                cellOf[i] = best;
            }
        });

        Permute(start, CellOrder(cellOf, cells));
    }

    /// <summary>The new order of the pending nodes (entry j: the pending index of the node that goes to place j): rounds in
    /// which each cell in turn gives its next <see cref="BatchSize"/> members, then every cell's remainder, so that all
    /// but the last few batches hold one cell each.</summary>
    private static int[] CellOrder(int[] cellOf, int cells)
    {
        var sizes = new int[cells];
        foreach (var c in cellOf)
        {
            sizes[c]++;
        }

        var firsts = new int[cells + 1];
        for (var c = 0; c < cells; c++)
        {
            firsts[c + 1] = firsts[c] + sizes[c];
        }

        var members = new int[cellOf.Length]; // by cell, in pending order within a cell
        var next = firsts[..cells];
        for (var i = 0; i < cellOf.Length; i++)
        {
            members[next[cellOf[i]]++] = i;
        }

        var order = new int[cellOf.Length];
        var placed = 0;
        for (var round = 0; ; round++)
        {
            var any = false;
            for (var c = 0; c < cells; c++)
            {
                if ((round + 1) * BatchSize <= sizes[c])
                {
                    members.AsSpan(firsts[c] + (round * BatchSize), BatchSize).CopyTo(order.AsSpan(placed));
                    placed += BatchSize;
                    any = true;
                }
            }

            if (!any)
            {
                break;
            }
        }

        for (var c = 0; c < cells; c++)
        {
            var rest = sizes[c] % BatchSize;
            members.AsSpan(firsts[c + 1] - rest, rest).CopyTo(order.AsSpan(placed));
            placed += rest;
        }

        return order;
    }

    /// <summary>Moves pending node <paramref name="start"/> + order[j] to place <paramref name="start"/> + j, cycle by
    /// cycle with one node held aside.</summary>
    private void Permute(int start, int[] order)
    {
        var done = new bool[order.Length];
        var vector = new float[Dimensions];
        var compact = new byte[UsesCompact ? CompactStride : 0];
        for (var s = 0; s < order.Length; s++)
        {
            if (done[s] || order[s] == s)
            {
                continue;
            }

            VectorOf(start + s).CopyTo(vector);
            CompactRow(start + s).CopyTo(compact);
            var label = LabelOf(start + s);
            var upper = UpperOf(start + s);
            var j = s;
            while (true)
            {
                done[j] = true;
                var from = order[j];
                if (from == s)
                {
                    Place(start + j, vector, compact, label, upper);
                    break;
                }

                Place(start + j, VectorOf(start + from), CompactRow(start + from), LabelOf(start + from), UpperOf(start + from));
                j = from;
            }
        }
    }

    /// <summary>Writes a pending node's vector, compact row, label and upper layers to place <paramref name="node"/>.</summary>
    private void Place(int node, ReadOnlySpan<float> vector, ReadOnlySpan<byte> compact, long label, UpperLinks? upper)
    {
        vector.CopyTo(_vectorChunks[node / ChunkSize].AsSpan(node % ChunkSize * Dimensions, Dimensions));
        compact.CopyTo(CompactRow(node));
        _labelChunks[node / ChunkSize][node % ChunkSize] = label;
        _upperChunks[node / ChunkSize][node % ChunkSize] = upper;
    }

    private UpperLinks? UpperOf(int node) => _upperChunks[node / ChunkSize][node % ChunkSize];
}
