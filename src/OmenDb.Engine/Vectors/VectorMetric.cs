namespace OmenDb.Engine.Vectors;

/// <summary>The distance a vector search orders by: one per pgvector operator (and HNSW operator class).</summary>
public enum VectorMetric : byte
{
    /// <summary>&lt;-&gt;, l2_distance, vector_l2_ops.</summary>
    L2,
    /// <summary>&lt;=&gt;, cosine_distance, vector_cosine_ops.</summary>
    Cosine,
    /// <summary>&lt;#&gt;, the negated inner product, vector_ip_ops.</summary>
    NegativeInnerProduct,
    /// <summary>&lt;+&gt;, l1_distance, vector_l1_ops.</summary>
    L1,
}
