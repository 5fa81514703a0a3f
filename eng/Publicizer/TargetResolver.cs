using Mono.Cecil;

namespace MLNet.NeuralExtensions.Publicizer;

/// <summary>Resolves references to the assemblies being changed to the very definitions being changed, so that a
/// method found by walking a friend's base types is opened in the copy that is written.</summary>
internal sealed class TargetResolver : DefaultAssemblyResolver
{
    private readonly Dictionary<string, AssemblyDefinition> _targets = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="assembly"/> as the definition of its name and returns it.</summary>
    public AssemblyDefinition Add(AssemblyDefinition assembly)
    {
        _targets[assembly.Name.Name] = assembly;
        return assembly;
    }

    /// <inheritdoc/>
    public override AssemblyDefinition Resolve(AssemblyNameReference name) =>
        _targets.TryGetValue(name.Name, out AssemblyDefinition? target) ? target : base.Resolve(name);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (AssemblyDefinition target in _targets.Values)
            {
                target.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
