using System.Runtime.CompilerServices;

// ML.NET opens the base classes, contexts and registration attributes that its own extension packages (LightGbm,
// OnnxTransformer, FastTree…) build on to those packages only. The package is compiled against copies of these two
// assemblies in which that surface is visible (eng/Publicizer); these attributes let the runtime allow the same access
// against the real assemblies.
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Data")]

namespace System.Runtime.CompilerServices;

/// <summary>Tells the runtime to skip visibility checks when this assembly uses members of the named assembly.</summary>
/// <param name="assemblyName">The simple name of the assembly whose non-public members this assembly uses.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    /// <summary>The simple name of the assembly.</summary>
    public string AssemblyName { get; } = assemblyName;
}
