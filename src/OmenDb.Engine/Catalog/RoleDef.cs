namespace OmenDb.Engine.Catalog;

/// <summary>A role (pg_authid).</summary>
internal sealed class RoleDef
{
    public RoleDef(uint oid, string name)
    {
        Oid = oid;
        Name = name;
    }

    public uint Oid { get; }

    public string Name { get; set; }

    public bool IsSuperuser { get; set; }

    public bool CanLogin { get; set; }

    public bool CreateDb { get; set; }

    public bool CreateRole { get; set; }

    public bool Inherit { get; set; } = true;

    public bool Replication { get; set; }

    public bool BypassRls { get; set; }

    public int ConnectionLimit { get; set; } = -1;

    /// <summary>rolpassword: a SCRAM or md5 verifier, or null.</summary>
    public string? Password { get; set; }

    public DateTime? ValidUntil { get; set; }
}
