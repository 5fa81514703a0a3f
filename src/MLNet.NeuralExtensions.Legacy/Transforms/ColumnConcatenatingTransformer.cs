using MLNet.NeuralExtensions.Engine.Onnx;
using System.Reflection;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Joins scalar and vector columns of one item type into one vector column; created by
/// <c>mlContext.Transforms.Concatenate</c>. The output has a fixed size when every input does, and slot names
/// made of the input column names (scalars) or "column.slot" (vectors with slot names).
/// </summary>
public sealed class ColumnConcatenatingTransformer : RowToRowTransformerBase, ICanExportOnnx
{
    internal const string LoaderSignature = "ConcatTransform";
    private static readonly MethodInfo s_fill = typeof(ColumnConcatenatingTransformer).GetMethod(nameof(Fill), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly string _outputColumnName;
    private readonly string[] _inputColumnNames;

    internal ColumnConcatenatingTransformer(string outputColumnName, params string[] inputColumnNames)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentNullException.ThrowIfNull(inputColumnNames);
        if (inputColumnNames.Length == 0)
        {
            throw new ArgumentException($"Concatenate into '{outputColumnName}' needs at least one input column.", nameof(inputColumnNames));
        }

        _outputColumnName = outputColumnName;
        _inputColumnNames = inputColumnNames;
    }

    /// <summary>Gets the output column name.</summary>
    public string OutputColumnName => _outputColumnName;

    /// <summary>Gets the input column names, in order.</summary>
    public IReadOnlyList<string> InputColumnNames => _inputColumnNames;

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema)
    {
        DataViewSchema.Column[] inputs = _inputColumnNames.Select(n => SchemaErrors.Require(inputSchema, n)).ToArray();
        PrimitiveDataViewType item = ColumnBuffers.ItemType(inputs[0].Type);
        foreach (DataViewSchema.Column c in inputs)
        {
            PrimitiveDataViewType cItem = ColumnBuffers.ItemType(c.Type);
            if (cItem is KeyDataViewType)
            {
                throw SchemaErrors.Mismatch(c.Name, "a non-key scalar or vector", c.Type);
            }

            if (!cItem.Equals(item))
            {
                throw SchemaErrors.Mismatch(c.Name, $"{item} or Vector<{item}> like the first input '{inputs[0].Name}'", c.Type);
            }
        }

        bool fixedSize = inputs.All(c => ColumnBuffers.Width(c.Type) > 0);
        int size = fixedSize ? inputs.Sum(c => ColumnBuffers.Width(c.Type)) : 0;
        var type = new VectorDataViewType(item, size);
        var annotations = fixedSize ? SlotNames(inputs) : null;
        var fill = (Action<DataViewBatch, ColumnBuffer>)s_fill.MakeGenericMethod(item.RawType)
            .Invoke(null, [inputs.Select(c => c.Index).ToArray(), size])!;
        return new ColumnMapper(inputSchema,
            [new ColumnMapper.OutputColumn(new DataViewSchema.DetachedColumn(_outputColumnName, type, annotations), inputs.Select(c => c.Index).ToArray(), fill)]);
    }

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        DataViewType first = context.Type(_inputColumnNames[0]);
        int width = _inputColumnNames.Sum(n => ColumnBuffers.Width(context.Type(n)));
        string joined = context.Graph.Add("Concat", _inputColumnNames.Select(context.Value), _outputColumnName, OnnxAttribute.Int("axis", 1));
        context.Set(_outputColumnName, joined, new VectorDataViewType(ColumnBuffers.ItemType(first), width));
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        ctx.Writer.Write(_outputColumnName);
        ctx.Writer.Write(_inputColumnNames.Length);
        foreach (string n in _inputColumnNames)
        {
            ctx.Writer.Write(n);
        }
    }

    internal static ColumnConcatenatingTransformer Load(ModelLoadContext ctx)
    {
        string output = ctx.Reader.ReadString();
        int count = ctx.Reader.ReadInt32();
        ctx.CheckCount(count, "input columns");
        return new ColumnConcatenatingTransformer(output, Enumerable.Range(0, count).Select(_ => ctx.Reader.ReadString()).ToArray());
    }

    private static DataViewSchema.Annotations? SlotNames(DataViewSchema.Column[] inputs)
    {
        var names = new List<string>();
        foreach (DataViewSchema.Column c in inputs)
        {
            if (c.Type is not VectorDataViewType v)
            {
                names.Add(c.Name);
            }
            else if (c.HasSlotNames())
            {
                VBuffer<ReadOnlyMemory<char>> slots = default;
                c.GetSlotNames(ref slots);
                names.AddRange(slots.DenseValues().Select(s => s.IsEmpty ? string.Empty : $"{c.Name}.{s}"));
            }
            else
            {
                names.AddRange(Enumerable.Repeat(string.Empty, v.Size));
            }
        }

        return names.Any(n => n.Length > 0) ? AnnotationUtils.SlotNames(names) : null;
    }

    private static Action<DataViewBatch, ColumnBuffer> Fill<T>(int[] inputs, int size) => (batch, destination) =>
    {
        var output = (ColumnBuffer<T>)destination;
        int rows = batch.RowCount;
        var sources = new ColumnBuffer<T>[inputs.Length];
        for (int k = 0; k < inputs.Length; k++)
        {
            sources[k] = (ColumnBuffer<T>)batch[inputs[k]]!;
        }

        if (size > 0)
        {
            Span<T> all = output.ResetFixed(rows, size);
            int offset = 0;
            foreach (ColumnBuffer<T> source in sources)
            {
                int w = source.Width;
                ReadOnlySpan<T> values = source.Values;
                for (int r = 0; r < rows; r++)
                {
                    values.Slice(r * w, w).CopyTo(all.Slice((r * size) + offset, w));
                }

                offset += w;
            }

            return;
        }

        output.ResetVariable(rows);
        for (int r = 0; r < rows; r++)
        {
            int length = 0;
            foreach (ColumnBuffer<T> source in sources)
            {
                length += source.GetRow(r).Length;
            }

            Span<T> target = output.AppendRow(length);
            foreach (ColumnBuffer<T> source in sources)
            {
                ReadOnlySpan<T> part = source.GetRow(r);
                part.CopyTo(target);
                target = target[part.Length..];
            }
        }
    };
}

/// <summary>Creates a <see cref="ColumnConcatenatingTransformer"/>.</summary>
public sealed class ColumnConcatenatingEstimator : TrivialEstimator<ColumnConcatenatingTransformer>
{
    internal ColumnConcatenatingEstimator(string outputColumnName, params string[] inputColumnNames)
        : base(new ColumnConcatenatingTransformer(outputColumnName, inputColumnNames))
    {
    }
}
