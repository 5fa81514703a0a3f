using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>The input columns the imputing estimators accept and the output columns they promise: Single or Double
/// items, scalars (unless a vector is needed) or vectors of known size; the output has the input's shape, slot names and
/// normalization flag, as ML.NET's ReplaceMissingValues promises.</summary>
internal static class ImputerSchema
{
    private const string ScalarOrVector = "Single or Double, or a known-size vector of them";
    private const string VectorOnly = "a known-size vector of Single or Double";

    /// <summary>The input column <paramref name="name"/> of <paramref name="schema"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or of another type; the message names it,
    /// the expected type and its type (ML.NET's schema mismatch).</exception>
    public static DataViewSchema.Column Require(IHost host, DataViewSchema schema, string name, bool vectorOnly)
    {
        if (!schema.TryGetColumnIndex(name, out int index))
        {
            throw host.ExceptSchemaMismatch(nameof(schema), "input", name);
        }

        DataViewType type = schema[index].Type;
        DataViewType item = type is VectorDataViewType vector ? vector.ItemType : type;
        bool shapeOk = type is VectorDataViewType { IsKnownSize: true } || (!vectorOnly && type is not VectorDataViewType);
        if (!IsNumber(item) || !shapeOk)
        {
            throw host.ExceptSchemaMismatch(nameof(schema), "input", name, vectorOnly ? VectorOnly : ScalarOrVector, type.ToString());
        }

        return schema[index];
    }

    /// <summary>The schema shape after the imputation of <paramref name="columns"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input column is missing or of another kind; the message names it.</exception>
    public static SchemaShape Output(IHost host, SchemaShape inputSchema, IEnumerable<InputOutputColumnPair> columns, bool vectorOnly)
    {
        host.CheckValue(inputSchema, nameof(inputSchema));
        var result = inputSchema.ToDictionary(c => c.Name);
        foreach (InputOutputColumnPair pair in columns)
        {
            if (!inputSchema.TryFindColumn(pair.InputColumnName, out SchemaShape.Column input))
            {
                throw host.ExceptSchemaMismatch(nameof(inputSchema), "input", pair.InputColumnName);
            }

            bool shapeOk = input.Kind == SchemaShape.Column.VectorKind.Vector || (!vectorOnly && input.Kind == SchemaShape.Column.VectorKind.Scalar);
            if (!IsNumber(input.ItemType) || !shapeOk || input.IsKey)
            {
                throw host.ExceptSchemaMismatch(nameof(inputSchema), "input", pair.InputColumnName, vectorOnly ? VectorOnly : ScalarOrVector, input.GetTypeString());
            }

            var annotations = input.Annotations.Where(a => a.Name is AnnotationUtils.Kinds.SlotNames or AnnotationUtils.Kinds.IsNormalized).ToArray();
            result[pair.OutputColumnName] = new SchemaShape.Column(pair.OutputColumnName, input.Kind, input.ItemType, false, new SchemaShape(annotations));
        }

        return new SchemaShape(result.Values);
    }

    private static bool IsNumber(DataViewType item) => item == NumberDataViewType.Single || item == NumberDataViewType.Double;
}
