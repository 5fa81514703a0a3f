using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>The schema shape the explaining estimators promise: the feature column must be a known-size vector of
/// Single; the attribution column is one too, with the features' slot names when it has one value per feature.</summary>
internal static class AttributionSchema
{
    /// <summary>The schema shape after adding <paramref name="outputColumnName"/> for <paramref name="inputColumnName"/>,
    /// with the features' slot names when <paramref name="keepsSlotNames"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or not a known-size vector of Single;
    /// the message names it (ML.NET's schema mismatch).</exception>
    public static SchemaShape Output(IHost host, SchemaShape inputSchema, string inputColumnName, string outputColumnName, bool keepsSlotNames)
    {
        host.CheckValue(inputSchema, nameof(inputSchema));
        if (!inputSchema.TryFindColumn(inputColumnName, out SchemaShape.Column input))
        {
            throw host.ExceptSchemaMismatch(nameof(inputSchema), "input", inputColumnName);
        }

        if (input.Kind != SchemaShape.Column.VectorKind.Vector || !input.ItemType.Equals(NumberDataViewType.Single))
        {
            throw host.ExceptSchemaMismatch(nameof(inputSchema), "input", inputColumnName, "known-size vector of Single", input.GetTypeString());
        }

        var columns = inputSchema.ToDictionary(c => c.Name);
        var annotations = input.Annotations.Where(a => keepsSlotNames && a.Name == AnnotationUtils.Kinds.SlotNames).ToArray();
        columns[outputColumnName] = new SchemaShape.Column(outputColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false, new SchemaShape(annotations));
        return new SchemaShape(columns.Values);
    }
}
