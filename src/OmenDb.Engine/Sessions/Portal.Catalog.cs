using OmenDb.Engine.Types;

namespace OmenDb.Engine.Sessions;

// Text output of regclass, regtype, ... columns, whose output functions read the catalog.
public sealed partial class Portal
{
    private Func<PgType, uint, string>? _regNames;
    private bool _regNamesChecked;

    private Func<PgType, uint, string>? RegNames()
    {
        if (!_regNamesChecked)
        {
            _regNamesChecked = true;
            if (Columns is { } columns && columns.Any(c => c.Type.Kind == PgTypeKind.Oid && c.Type != PgTypes.Oid && c.Type != PgTypes.Xid
                && c.Type != PgTypes.Cid))
            {
                _regNames = _session.RegNames();
            }
        }

        return _regNames;
    }
}
