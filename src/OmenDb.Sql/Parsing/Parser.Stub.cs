using OmenDb.Sql.Ast;

namespace OmenDb.Sql.Parsing;

internal sealed partial class Parser
{
    private Statement ParseStatementTop() => Fail<Statement>();

    private Expr ParseExpr() => Fail<Expr>();

    private TypeName ParseTypeName() => Fail<TypeName>();
}
