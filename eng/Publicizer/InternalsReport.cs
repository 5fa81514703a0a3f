using Mono.Cecil;

namespace MLNet.NeuralExtensions.Publicizer;

/// <summary>Lists what an assembly uses of ML.NET that ML.NET does not make public: the non-public types and members its
/// references resolve to in the real assemblies, and the non-public virtual methods its classes override.</summary>
internal static class InternalsReport
{
    /// <summary>The uses, one line each ("Type.Member (kind)"), sorted and without repeats.</summary>
    public static IReadOnlyList<string> Uses(ModuleDefinition module)
    {
        var uses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (TypeReference reference in module.GetTypeReferences())
        {
            if (IsMLNet(reference) && Resolve(reference.Resolve) is { } type && !IsVisible(type))
            {
                uses.Add($"{type.FullName} (type)");
            }
        }

        foreach (MemberReference reference in module.GetMemberReferences())
        {
            if (IsMLNet(reference.DeclaringType) && Resolve(() => reference.Resolve()) is IMemberDefinition member && !IsVisible(member))
            {
                uses.Add($"{member.DeclaringType.FullName}.{member.Name} ({Kind(member)})");
            }
        }

        foreach (TypeDefinition type in module.GetTypes())
        {
            foreach (MethodDefinition method in type.Methods.Where(m => m.IsVirtual && !m.IsNewSlot))
            {
                if (Overridden(type, method) is { } overridden && !IsVisible(overridden))
                {
                    uses.Add($"{overridden.DeclaringType.FullName}.{overridden.Name} (overridden)");
                }
            }
        }

        return [.. uses];
    }

    private static bool IsMLNet(TypeReference type) => type.Scope.Name.StartsWith("Microsoft.ML", StringComparison.Ordinal) && !type.Scope.Name.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal);

    private static T? Resolve<T>(Func<T> resolve)
        where T : class
    {
        try
        {
            return resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }

    // Visible to a third party: public (or protected, for derived classes) all the way out.
    private static bool IsVisible(TypeDefinition type) =>
        (type.IsPublic || type.IsNestedPublic || type.IsNestedFamily || type.IsNestedFamilyOrAssembly) && (type.DeclaringType is null || IsVisible(type.DeclaringType));

    private static bool IsVisible(IMemberDefinition member)
    {
        bool visible = member switch
        {
            MethodDefinition m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
            FieldDefinition f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
            _ => true,
        };
        return visible && IsVisible(member.DeclaringType);
    }

    private static string Kind(IMemberDefinition member) => member switch
    {
        MethodDefinition { IsConstructor: true } => "constructor",
        MethodDefinition => "method",
        FieldDefinition => "field",
        _ => "member",
    };

    private static MethodDefinition? Overridden(TypeDefinition type, MethodDefinition method)
    {
        for (TypeReference? baseReference = type.BaseType; baseReference is not null;)
        {
            TypeDefinition? baseType = Resolve(baseReference.Resolve);
            if (baseType is null)
            {
                return null;
            }

            MethodDefinition? match = baseType.Methods.FirstOrDefault(m => m.IsVirtual && m.Name == method.Name && m.Parameters.Count == method.Parameters.Count);
            if (match is not null)
            {
                return IsMLNet(baseType) ? match : null;
            }

            baseReference = baseType.BaseType;
        }

        return null;
    }
}
