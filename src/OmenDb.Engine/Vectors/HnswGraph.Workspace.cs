namespace OmenDb.Engine.Vectors;

internal sealed partial class HnswGraph
{
    /// <summary>
    /// One thread's reusable search state: visited marks, the two heaps, and the lists an insert works through. Nothing
    /// here outlives one call into the graph.
    /// <para>Visited marks are one byte per node: entry n equals the current stamp when node n was visited in this
    /// search, so a search neither allocates nor clears a set (the stamp moves on instead; the array is cleared once
    /// every 255 searches). A byte instead of an int keeps the marks of a 1M-node graph in 1 MB, within a core's L2,
    /// where every neighbour checked is otherwise a cache miss of its own.</para>
    /// </summary>
    private sealed class Workspace
    {
        private byte _stamp;

        public byte[] Visited { get; private set; } = [];

        public float[] Scratch { get; private set; } = [];

        /// <summary>The unvisited neighbours of the node being expanded, scored after their vectors are prefetched.</summary>
        public int[] Fresh { get; private set; } = new int[64];

        public HnswHeap Candidates { get; } = new(farthestFirst: false);

        public HnswHeap Results { get; } = new(farthestFirst: true);

        public List<(int Node, float Score)> Entries { get; } = [];

        public List<(int Node, float Score)> Found { get; } = [];

        public List<(int Node, float Score)> Peers { get; } = [];

        /// <summary>The candidates of a build's search with their exact scores.</summary>
        public List<(int Node, float Score)> Exact { get; } = [];

        public List<(int Node, float Score)> Picked { get; } = [];

        public List<(int Node, float Score)> Merged { get; } = [];

        public List<(int Node, float Score)> Selected { get; } = [];

        public List<(int Node, float Score)> Kept { get; } = [];

        public List<(int Node, float Score)> Skipped { get; } = [];

        public List<(int Node, float Score)> Pruning { get; } = [];

        public List<int> Ids { get; } = [];

        public static Workspace For(HnswGraph graph)
        {
            var work = t_workspace ??= new Workspace();
            if (work.Scratch.Length < graph.Dimensions)
            {
                work.Scratch = new float[graph.Dimensions];
            }

            return work;
        }

        /// <summary>The scores of <see cref="Fresh"/>.</summary>
        public float[] Scores { get; private set; } = new float[64];

        /// <summary>A buffer for at least <paramref name="count"/> scores.</summary>
        public float[] ScoresFor(int count)
        {
            if (Scores.Length < count)
            {
                Scores = new float[count * 2];
            }

            return Scores;
        }

        /// <summary>A buffer for at least <paramref name="count"/> fresh neighbours.</summary>
        public int[] FreshFor(int count)
        {
            if (Fresh.Length < count)
            {
                Fresh = new int[count * 2];
            }

            return Fresh;
        }

        /// <summary>A fresh stamp, with marks for at least <paramref name="count"/> nodes.</summary>
        public byte NextStamp(int count)
        {
            if (Visited.Length < count)
            {
                Visited = new byte[Math.Max(count * 2, ChunkSize)];
                _stamp = 0;
            }

            if (_stamp == byte.MaxValue)
            {
                Array.Clear(Visited);
                _stamp = 0;
            }

            return ++_stamp;
        }
    }
}
