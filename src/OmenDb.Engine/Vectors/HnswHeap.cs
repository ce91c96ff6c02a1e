namespace OmenDb.Engine.Vectors;

/// <summary>
/// A binary heap of graph nodes by score for <see cref="HnswGraph"/>'s searches: closest first (the candidates to
/// expand) or, with <c>farthestFirst</c>, farthest first (the ef best found, whose top is the bound to beat). Entries
/// are (score, node) pairs in one array, compared inline: PriorityQueue with a custom comparer called a delegate per
/// comparison, and a build makes about a thousand heap operations per node. Scores compare as
/// <see cref="float.CompareTo(float)"/> does (NaN first).
/// </summary>
internal sealed class HnswHeap(bool farthestFirst)
{
    private (float Score, int Node)[] _items = new (float, int)[64];

    /// <summary>Entries in the heap.</summary>
    public int Count { get; private set; }

    /// <summary>The top entry's score (the closest, or with farthestFirst the farthest); the heap must not be empty.</summary>
    public float TopScore => _items[0].Score;

    /// <summary>The top entry's node; the heap must not be empty.</summary>
    public int TopNode => _items[0].Node;

    /// <summary>Empties the heap.</summary>
    public void Clear() => Count = 0;

    /// <summary>Adds a node.</summary>
    public void Push(int node, float score)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, Count * 2);
        }

        var items = _items;
        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Before(score, items[parent].Score))
            {
                break;
            }

            items[i] = items[parent];
            i = parent;
        }

        items[i] = (score, node);
    }

    /// <summary>Removes the top entry and returns it; the heap must not be empty.</summary>
    public (float Score, int Node) Pop()
    {
        var items = _items;
        var top = items[0];
        var last = items[--Count];
        var count = Count;
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && Before(items[child + 1].Score, items[child].Score))
            {
                child++;
            }

            if (!Before(items[child].Score, last.Score))
            {
                break;
            }

            items[i] = items[child];
            i = child;
        }

        if (count > 0)
        {
            items[i] = last;
        }

        return top;
    }

    /// <summary>Whether an entry scored <paramref name="a"/> goes above one scored <paramref name="b"/>.</summary>
    private bool Before(float a, float b) => farthestFirst ? a.CompareTo(b) > 0 : a.CompareTo(b) < 0;
}
