namespace MLNet.NeuralExtensions.Data;

/// <summary>Excludes a field or property from the columns of a class.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class NoColumnAttribute : Attribute
{
}
