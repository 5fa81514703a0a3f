using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Internal.Utilities;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Transforms;

[assembly: LoadableClass(MedianImputingTransformer.Summary, typeof(MedianImputingTransformer), null, typeof(SignatureLoadModel),
    MedianImputingTransformer.FriendlyName, MedianImputingTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(MedianImputingTransformer), null, typeof(SignatureLoadRowMapper),
    MedianImputingTransformer.FriendlyName, MedianImputingTransformer.LoaderSignature)]

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Replaces the missing values (NaN) of each column by the training median learned by
/// <see cref="MedianImputingEstimator"/>: per slot, or one value for every slot. Present values pass unchanged.
/// Exported to ONNX as <c>Where(IsNaN(x), medians, x)</c>.
/// </summary>
public sealed class MedianImputingTransformer : ImputingTransformerBase
{
    internal const string Summary = "Replaces missing values by the training medians, per slot or per column.";
    internal const string FriendlyName = "Median Imputing Transformer";
    internal const string LoaderSignature = "MedianImputeTransform";
    private readonly double[][] _medians;

    internal MedianImputingTransformer(IHost host, (string outputColumnName, string inputColumnName)[] columns, DataViewType[] types, double[][] medians)
        : base(host, columns, types) => _medians = medians;

    private MedianImputingTransformer(IHost host, ModelLoadContext ctx)
        : base(host, ctx)
    {
        // *** Binary format (after the base's) ***
        // for each column: int: number of medians n (the slot count, or 1 for one median for every slot); double × n
        _medians = new double[ColumnPairs.Length][];
        for (int i = 0; i < _medians.Length; i++)
        {
            int count = ctx.Reader.ReadInt32();
            Host.CheckDecode(count == 1 || count == SlotCount(i), $"column '{ColumnPairs[i].inputColumnName}' has {count} medians for {SlotCount(i)} slots");
            _medians[i] = ctx.Reader.ReadDoubleArray(count);
        }
    }

    /// <summary>Gets the medians of the column at <paramref name="columnIndex"/> (in the order the columns were given):
    /// one per slot, or a single one used for every slot.</summary>
    /// <param name="columnIndex">The column's position.</param>
    /// <returns>The medians.</returns>
    public IReadOnlyList<double> GetMedians(int columnIndex)
    {
        Host.CheckParam(columnIndex >= 0 && columnIndex < _medians.Length, nameof(columnIndex), $"there are {_medians.Length} columns");
        return _medians[columnIndex].AsReadOnly();
    }

    private static VersionInfo GetVersionInfo() => Version("MEDIMPTF", LoaderSignature);

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        SaveColumnsAndTypes(ctx, GetVersionInfo());
        foreach (double[] medians in _medians)
        {
            ctx.Writer.WriteDoubleArray(medians);
        }
    }

    private protected override Action<Span<double>> CreateRowImputer(int column)
    {
        double[] medians = _medians[column];
        return row =>
        {
            for (int i = 0; i < row.Length; i++)
            {
                if (double.IsNaN(row[i]))
                {
                    row[i] = medians[medians.Length == 1 ? 0 : i];
                }
            }
        };
    }

    private protected override void SaveAsOnnx(OnnxContext ctx, int column, DataViewType type, string input, string output)
    {
        ctx.CheckOpSetVersion(9, LoaderSignature);
        var nodes = new OnnxNodes(ctx, "median");
        double[] medians = _medians[column];
        long[] dims = medians.Length == 1 ? [1] : [.. ((VectorDataViewType)type).Dimensions.Select(d => (long)d)];
        string values = nodes.Cast(nodes.Doubles(medians, dims), ((type as VectorDataViewType)?.ItemType ?? type).RawType);
        nodes.Into(output, "Where", [nodes.Add("IsNaN", input), values, input], _ => { });
    }

    // Factory method for SignatureLoadModel.
    private static MedianImputingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        => new(LoadingHost(env, ctx, GetVersionInfo()), ctx);

    // Factory method for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(env, ctx).MakeRowMapper(inputSchema);
}
