using Mono.Cecil;

namespace MLNet.NeuralExtensions.Publicizer;

/// <summary>Changes the visibility of members of the target assemblies, and counts what it changed.</summary>
internal sealed class Opening(IReadOnlyList<AssemblyDefinition> targets)
{
    private const string BestFriend = "Microsoft.ML.BestFriendAttribute";
    private readonly HashSet<string> _targetNames = targets.Select(t => t.Name.Name).ToHashSet(StringComparer.Ordinal);
    private int _types;
    private int _members;
    private int _overridden;
    private int _chained;

    /// <summary>What was opened, for the build log.</summary>
    public string Summary => $"{_types} types and {_members} members marked [BestFriend], {_overridden} methods that friends override, {_chained} base constructors that friends chain to";

    /// <summary>Opens every type and member marked <c>[BestFriend]</c>.</summary>
    public void OpenBestFriends()
    {
        foreach (TypeDefinition type in targets.SelectMany(t => t.MainModule.GetTypes()))
        {
            if (IsBestFriend(type) && OpenType(type))
            {
                _types++;
            }

            foreach (IMemberDefinition member in Members(type).Where(IsBestFriend))
            {
                if (Open(member))
                {
                    _members++;
                }
            }
        }
    }

    /// <summary>Opens the non-public virtual methods of the targets' types that a method of <paramref name="friend"/>
    /// overrides, so that a derived class outside ML.NET can override them too.</summary>
    public void OpenOverriddenBy(AssemblyDefinition friend)
    {
        foreach (TypeDefinition type in friend.MainModule.GetTypes())
        {
            foreach (MethodDefinition method in type.Methods.Where(m => m.IsVirtual && !m.IsNewSlot))
            {
                if (FindOverridden(type, method) is { } overridden && !overridden.IsPublic && !IsBestFriend(overridden) && OpenMethod(overridden))
                {
                    _overridden++;
                    Console.WriteLine($"  overridden: {overridden.DeclaringType.FullName}.{overridden.Name}");
                }
            }
        }
    }

    /// <summary>Opens the private protected constructors of the targets' types that a constructor of
    /// <paramref name="friend"/> chains to (the friends' trainer options derive from ML.NET's option base classes, whose
    /// constructors are private protected), so that a class outside ML.NET can derive from those types too.</summary>
    public void OpenConstructorsChainedBy(AssemblyDefinition friend)
    {
        foreach (MethodDefinition constructor in friend.MainModule.GetTypes().SelectMany(t => t.Methods).Where(m => m.IsConstructor && !m.IsStatic && m.HasBody))
        {
            foreach (var call in constructor.Body.Instructions.Select(i => i.Operand).OfType<MethodReference>().Where(m => m.Name == ".ctor"))
            {
                if (call.DeclaringType.FullName == constructor.DeclaringType.BaseType?.FullName && Resolve(call) is { IsFamilyAndAssembly: true } chained
                    && _targetNames.Contains(chained.Module.Assembly.Name.Name) && OpenMethod(chained))
                {
                    _chained++;
                    Console.WriteLine($"  chained to: {chained.DeclaringType.FullName}..ctor");
                }
            }
        }
    }

    private static MethodDefinition? Resolve(MethodReference method)
    {
        try
        {
            return method.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }

    private static IEnumerable<IMemberDefinition> Members(TypeDefinition type) =>
        type.Methods.Cast<IMemberDefinition>().Concat(type.Fields).Concat(type.Properties).Concat(type.Events);

    private static bool IsBestFriend(ICustomAttributeProvider provider) =>
        provider.HasCustomAttributes && provider.CustomAttributes.Any(a => a.AttributeType.FullName == BestFriend);

    // The nearest base type's virtual method with the same name and signature, where that type is in a target.
    private MethodDefinition? FindOverridden(TypeDefinition type, MethodDefinition method)
    {
        for (TypeReference? baseReference = type.BaseType; baseReference is not null;)
        {
            TypeDefinition? baseType;
            try
            {
                baseType = baseReference.Resolve();
            }
            catch (AssemblyResolutionException)
            {
                return null;
            }

            if (baseType is null)
            {
                return null;
            }

            MethodDefinition? match = baseType.Methods.FirstOrDefault(m => m.IsVirtual && m.Name == method.Name && SameSignature(m, method));
            if (match is not null)
            {
                return _targetNames.Contains(baseType.Module.Assembly.Name.Name) ? match : null;
            }

            baseReference = baseType.BaseType;
        }

        return null;
    }

    // A base method's parameter of a generic type (TModel) matches whatever the derived class closed it with; the other
    // parameters match by type name, which tells the overloads of ML.NET's virtual methods apart.
    private static bool SameSignature(MethodDefinition baseMethod, MethodDefinition method) =>
        baseMethod.Parameters.Count == method.Parameters.Count && baseMethod.GenericParameters.Count == method.GenericParameters.Count
        && baseMethod.Parameters.Zip(method.Parameters).All(p => p.First.ParameterType.ContainsGenericParameter || p.First.ParameterType.Name == p.Second.ParameterType.Name);

    private static bool Open(IMemberDefinition member) => member switch
    {
        MethodDefinition method => OpenMethod(method),
        FieldDefinition field => OpenField(field),
        PropertyDefinition property => (property.GetMethod is { } g && OpenMethod(g)) | (property.SetMethod is { } s && OpenMethod(s)),
        EventDefinition e => (e.AddMethod is { } add && OpenMethod(add)) | (e.RemoveMethod is { } remove && OpenMethod(remove)),
        _ => false,
    };

    // internal and protected internal become public; private protected becomes protected.
    private static bool OpenMethod(MethodDefinition method)
    {
        MethodAttributes access = method.Attributes & MethodAttributes.MemberAccessMask;
        MethodAttributes opened = access switch
        {
            MethodAttributes.Assembly or MethodAttributes.FamORAssem => MethodAttributes.Public,
            MethodAttributes.FamANDAssem => MethodAttributes.Family,
            _ => access,
        };
        method.Attributes = (method.Attributes & ~MethodAttributes.MemberAccessMask) | opened;
        return opened != access;
    }

    private static bool OpenField(FieldDefinition field)
    {
        FieldAttributes access = field.Attributes & FieldAttributes.FieldAccessMask;
        FieldAttributes opened = access switch
        {
            FieldAttributes.Assembly or FieldAttributes.FamORAssem => FieldAttributes.Public,
            FieldAttributes.FamANDAssem => FieldAttributes.Family,
            _ => access,
        };
        field.Attributes = (field.Attributes & ~FieldAttributes.FieldAccessMask) | opened;
        return opened != access;
    }

    private static bool OpenType(TypeDefinition type)
    {
        TypeAttributes access = type.Attributes & TypeAttributes.VisibilityMask;
        TypeAttributes opened = access switch
        {
            TypeAttributes.NotPublic => TypeAttributes.Public,
            TypeAttributes.NestedAssembly or TypeAttributes.NestedFamORAssem => TypeAttributes.NestedPublic,
            TypeAttributes.NestedFamANDAssem => TypeAttributes.NestedFamily,
            _ => access,
        };
        type.Attributes = (type.Attributes & ~TypeAttributes.VisibilityMask) | opened;
        return opened != access;
    }
}
