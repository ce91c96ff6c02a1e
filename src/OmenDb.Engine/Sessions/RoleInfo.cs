namespace OmenDb.Engine.Sessions;

/// <summary>What authentication needs to know about a role.</summary>
/// <param name="Name">The role name.</param>
/// <param name="Oid">The role's OID.</param>
/// <param name="IsSuperuser">rolsuper.</param>
/// <param name="CanLogin">rolcanlogin.</param>
/// <param name="Password">rolpassword as PostgreSQL stores it: "SCRAM-SHA-256$iter:salt$StoredKey:ServerKey",
/// "md5" + hex, or null when the role has no password.</param>
public sealed record RoleInfo(string Name, uint Oid, bool IsSuperuser, bool CanLogin, string? Password);
