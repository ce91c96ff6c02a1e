using Npgsql.Internal;
using Npgsql.Internal.Postgres;

namespace OmenDb.Compat.Dotnet;

/// <summary>A pgvector <c>vector</c> value: float4 components.</summary>
internal sealed class Vector(float[] values) : IEquatable<Vector>
{
    public float[] Values { get; } = values;

    public bool Equals(Vector? other) => other is not null && Values.AsSpan().SequenceEqual(other.Values);

    public override bool Equals(object? obj) => obj is Vector v && Equals(v);

    public override int GetHashCode() => Values.Length;

    public override string ToString() => "[" + string.Join(",", Values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}

/// <summary>
/// Binary I/O of <c>vector</c> (pgvector's vector_send/vector_recv): uint16 dimensions, uint16 unused (0), then that
/// many big-endian float4. Written for Npgsql 10's converter API because Pgvector 0.1.3 only loads under Npgsql 7.
/// </summary>
internal sealed class VectorConverter : PgBufferedConverter<Vector>
{
    public override bool CanConvert(DataFormat format, out BufferRequirements bufferRequirements)
        => CanConvertBufferedDefault(format, out bufferRequirements) && format is DataFormat.Binary;

    public override Size GetSize(SizeContext context, Vector value, ref object? writeState)
        => sizeof(ushort) * 2 + sizeof(float) * value.Values.Length;

    protected override Vector ReadCore(PgReader reader)
    {
        var dimensions = reader.ReadUInt16();
        if (reader.ReadUInt16() != 0)
        {
            throw new InvalidCastException("vector: the unused field is not 0");
        }

        var values = new float[dimensions];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadFloat();
        }

        return new Vector(values);
    }

    protected override void WriteCore(PgWriter writer, Vector value)
    {
        writer.WriteUInt16(checked((ushort)value.Values.Length));
        writer.WriteUInt16(0);
        foreach (var v in value.Values)
        {
            writer.WriteFloat(v);
        }
    }
}

/// <summary>
/// Maps <see cref="Vector"/> to the data type named <c>vector</c> (unqualified, so it is found in whatever schema the
/// server has it) and <see cref="Vector"/>[] to <c>_vector</c>. The OIDs come from Npgsql's type loading.
/// Register with <c>NpgsqlDataSourceBuilder.AddTypeInfoResolverFactory(new VectorResolverFactory())</c>.
/// </summary>
internal sealed class VectorResolverFactory : PgTypeInfoResolverFactory
{
    public override IPgTypeInfoResolver CreateResolver() => new Resolver();

    public override IPgTypeInfoResolver CreateArrayResolver() => new ArrayResolver();

    private class Resolver : IPgTypeInfoResolver
    {
        private TypeInfoMappingCollection? _mappings;

        protected TypeInfoMappingCollection Mappings => _mappings ??= AddMappings(new TypeInfoMappingCollection());

        public PgTypeInfo? GetTypeInfo(Type? type, DataTypeName? dataTypeName, PgSerializerOptions options)
            => Mappings.Find(type, dataTypeName, options);

        private static TypeInfoMappingCollection AddMappings(TypeInfoMappingCollection mappings)
        {
            mappings.AddType<Vector>("vector", static (options, mapping, _) => mapping.CreateInfo(options, new VectorConverter()), isDefault: true);
            return mappings;
        }
    }

    private sealed class ArrayResolver : Resolver, IPgTypeInfoResolver
    {
        private TypeInfoMappingCollection? _arrayMappings;

        private new TypeInfoMappingCollection Mappings => _arrayMappings ??= AddArrayMappings(new TypeInfoMappingCollection(base.Mappings));

        public new PgTypeInfo? GetTypeInfo(Type? type, DataTypeName? dataTypeName, PgSerializerOptions options)
            => Mappings.Find(type, dataTypeName, options);

        private static TypeInfoMappingCollection AddArrayMappings(TypeInfoMappingCollection mappings)
        {
            mappings.AddArrayType<Vector>("vector");
            return mappings;
        }
    }
}
