using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions;

/// <summary>The exceptions raised when a column is missing or has the wrong type; each names the column and both types.</summary>
/// <remarks>The parameter named is always the schema handed to the estimator or transformer, as in ML.NET.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2208", Justification = "The exceptions describe the caller's inputSchema argument.")]
internal static class SchemaErrors
{
    public static ArgumentOutOfRangeException Missing(DataViewSchema schema, string column, string role = "input") =>
        new("inputSchema", $"Schema mismatch: {role} column '{column}' not found; the data has {schema.Describe()}.");

    public static ArgumentOutOfRangeException Mismatch(string column, string expected, DataViewType actual, string role = "input") =>
        new("inputSchema", $"Schema mismatch for {role} column '{column}': expected {expected}, got {actual}.");

    /// <summary>Finds a visible column or throws <see cref="Missing"/>.</summary>
    public static DataViewSchema.Column Require(DataViewSchema schema, string column, string role = "input") =>
        schema.GetColumnOrNull(column) ?? throw Missing(schema, column, role);

    /// <summary>Finds a column and checks its type with <paramref name="accept"/>, describing the expectation as <paramref name="expected"/>.</summary>
    public static DataViewSchema.Column Require(DataViewSchema schema, string column, Func<DataViewType, bool> accept, string expected, string role = "input")
    {
        DataViewSchema.Column c = Require(schema, column, role);
        return accept(c.Type) ? c : throw Mismatch(column, expected, c.Type, role);
    }

    /// <summary>Whether a type is Single/Double or a known-size vector of them.</summary>
    public static bool IsNumericScalarOrVector(DataViewType t) =>
        (t is VectorDataViewType v ? v.ItemType : t) is NumberDataViewType n && (n.RawType == typeof(float) || n.RawType == typeof(double));

    /// <summary>Whether a type is a known-size vector of Single or Double.</summary>
    public static bool IsKnownSizeNumericVector(DataViewType t) => t is VectorDataViewType { IsKnownSize: true } && IsNumericScalarOrVector(t);
}
