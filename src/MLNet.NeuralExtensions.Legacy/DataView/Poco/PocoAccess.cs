using System.Linq.Expressions;
using System.Reflection;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>Compiled get and set delegates for fields and properties.</summary>
internal static class PocoAccess
{
    public static Func<TRow, TMember> Getter<TRow, TMember>(MemberInfo member)
    {
        ParameterExpression row = Expression.Parameter(typeof(TRow), "row");
        return Expression.Lambda<Func<TRow, TMember>>(Expression.MakeMemberAccess(row, member), row).Compile();
    }

    public static Action<TRow, TMember> Setter<TRow, TMember>(MemberInfo member)
    {
        if (member is PropertyInfo { CanWrite: false } || member is FieldInfo { IsInitOnly: true })
        {
            throw new InvalidOperationException($"Member '{member.DeclaringType?.Name}.{member.Name}' cannot be written; give it a public setter.");
        }

        ParameterExpression row = Expression.Parameter(typeof(TRow), "row");
        ParameterExpression value = Expression.Parameter(typeof(TMember), "value");
        return Expression.Lambda<Action<TRow, TMember>>(Expression.Assign(Expression.MakeMemberAccess(row, member), value), row, value).Compile();
    }
}
