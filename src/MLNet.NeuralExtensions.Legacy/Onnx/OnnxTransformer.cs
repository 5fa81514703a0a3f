using System.Diagnostics;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Onnx;

/// <summary>
/// Scores an ONNX model inside a pipeline through ONNX Runtime, as ML.NET's OnnxTransformer: the model's inputs are
/// read from the columns of the same names, and each chosen output becomes a vector column of its name. Created by
/// <c>mlContext.Transforms.ApplyOnnxModel</c>; the model's bytes are saved inside the model file.
/// </summary>
/// <remarks>
/// A model whose inputs have an open first axis is run once per batch of rows; one whose first axis is fixed is run
/// row by row, each row being the whole tensor. An axis the model leaves open is worked out from the column's size,
/// or fixed through the shape dictionary. Column types follow the model's element types: float → Single,
/// double → Double, int32 → Int32, int64 → Int64, bool → Boolean. A float input "X" with an int32 companion input
/// "X.length" (as <c>Model.ConvertToOnnx</c> exports a column of varying size) reads a Single column of varying size:
/// each batch's rows are fed padded with zeros to its longest row, and their lengths feed the companion. The transformer
/// holds a native session: dispose it when done.
/// </remarks>
public sealed class OnnxTransformer : RowToRowTransformerBase, IDisposable
{
    internal const string LoaderSignature = "OnnxTransform";
    private const string ModelEntry = "Model.onnx";
    private readonly byte[] _model;
    private readonly OnnxOptions _options;
    private readonly OnnxScorer _scorer;
    private readonly OnnxTensorInfo[] _inputs;
    private readonly OnnxTensorInfo[] _outputs;
    private readonly Dictionary<string, string> _rowLengthsOf;

    internal OnnxTransformer(MLContext? context, OnnxOptions options, byte[] model)
    {
        _model = model;
        _options = options;
        string source = options.ModelFile ?? "the ONNX model";
        if (options.IntraOpNumThreads < 0 || options.InterOpNumThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Thread counts cannot be negative.");
        }

        var scorerOptions = new OnnxScorerOptions
        {
            GpuDeviceId = options.GpuDeviceId ?? context?.GpuDeviceId,
            FallbackToCpu = options.FallbackToCpu || context?.FallbackToCpu == true,
            IntraOpNumThreads = options.IntraOpNumThreads ?? 0,
            InterOpNumThreads = options.InterOpNumThreads ?? 0,
            Log = context is null ? message => Trace.TraceWarning(message) : message => context.WriteLog(nameof(OnnxTransformer), message, LoggingEventArgs.MessageKind.Warning),
        };
        _scorer = new OnnxScorer(model, scorerOptions, source);
        _rowLengthsOf = RowLengthInputs(_scorer.Inputs);
        OnnxTensorInfo[] fed = Select([.. _scorer.Inputs.Where(i => !_rowLengthsOf.ContainsKey(i.Name))], options.InputColumns, "input", source, requireAll: true);
        _inputs = [.. fed, .. _scorer.Inputs.Where(i => _rowLengthsOf.TryGetValue(i.Name, out string? of) && fed.Any(f => f.Name == of))];
        _outputs = Select(_scorer.Outputs, options.OutputColumns, "output", source, requireAll: false);
        foreach (OnnxTensorInfo value in _inputs.Concat(_outputs).Where(v => v.ElementType == OnnxElementType.Unsupported))
        {
            throw new NotSupportedException($"{source}: '{value.Name}' is not a tensor of float, double, int32, int64 or bool, which is all a column can hold.");
        }

        foreach (string name in (options.ShapeDictionary?.Keys ?? []).Where(n => !_inputs.Concat(_outputs).Any(v => v.Name == n)))
        {
            throw new ArgumentException($"The shape dictionary names '{name}', which is not among the model's chosen inputs and outputs.", nameof(options));
        }
    }

    /// <summary>The columns fed to the model (the model's input names).</summary>
    public IReadOnlyList<string> InputColumnNames => [.. _inputs.Select(i => i.Name)];

    /// <summary>The columns the transformer adds (the model's output names).</summary>
    public IReadOnlyList<string> OutputColumnNames => [.. _outputs.Select(o => o.Name)];

    /// <summary>The execution provider the model runs on ("CPUExecutionProvider" or "CUDAExecutionProvider").</summary>
    public string ExecutionProvider => _scorer.ExecutionProvider;

    /// <summary>Releases the native session.</summary>
    public void Dispose() => _scorer.Dispose();

    /// <summary>The output schema shape, which carries no vector sizes: the input columns are checked for presence,
    /// item type and vector kind, and the outputs are vectors of the model's element types.</summary>
    internal SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var columns = inputSchema.ToList();
        foreach (OnnxTensorInfo input in _inputs.Where(i => !_rowLengthsOf.ContainsKey(i.Name)))
        {
            DataViewType expected = ColumnType(input.ElementType);
            if (!inputSchema.TryFindColumn(input.Name, out SchemaShape.Column column))
            {
                throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Schema mismatch: input column '{input.Name}' (the model's input {input.ShapeText}) not found.");
            }

            if (column.IsKey || !column.ItemType.Equals(expected) || (column.Kind == SchemaShape.VectorKind.VariableVector && !HasRowLengths(input)))
            {
                throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Schema mismatch for input column '{input.Name}': expected a known-size vector of {expected}, got {column.GetTypeString()}.");
            }
        }

        foreach (OnnxTensorInfo output in _outputs)
        {
            columns.RemoveAll(c => c.Name == output.Name);
            columns.Add(new SchemaShape.Column(output.Name, SchemaShape.VectorKind.Vector, ColumnType(output.ElementType), isKey: false));
        }

        return new SchemaShape(columns);
    }

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (OnnxTensorInfo input in _inputs)
        {
            if (_rowLengthsOf.ContainsKey(input.Name))
            {
                shapes[input.Name] = [-1];
                continue;
            }

            DataViewSchema.Column column = SchemaErrors.Require(inputSchema, input.Name);
            PrimitiveDataViewType expected = ColumnType(input.ElementType);
            int width = ColumnBuffers.Width(column.Type);
            if (!ColumnBuffers.ItemType(column.Type).Equals(expected) || (width == 0 && !HasRowLengths(input)))
            {
                throw SchemaErrors.Mismatch(input.Name, $"a known-size vector of {expected} (the model's input {input.ShapeText})", column.Type);
            }

            // A column of varying size is padded batch by batch: its row width is set then.
            shapes[input.Name] = width == 0 ? [-1, -1] : InputShape(input, width);
        }

        // An output's width per row: 0 (a variable-size vector) when an axis after the batch stays open.
        int[] widths = [.. _outputs.Select(o => Shape(o) is var shape && shape.Skip(IsBatched(shape) ? 1 : 0).Aggregate(1L, (a, d) => d < 0 || a < 0 ? -1 : a * d) is var size && size > 0
            ? checked((int)size) : 0)];
        var run = new BatchRun(this, [.. _inputs.Select(i => inputSchema[_rowLengthsOf.GetValueOrDefault(i.Name, i.Name)].Index)], shapes, widths);
        var outputs = _outputs.Select((output, k) => new ColumnMapper.OutputColumn(
            new DataViewSchema.DetachedColumn(output.Name, new VectorDataViewType(ColumnType(output.ElementType), widths[k])), run.InputColumns,
            (batch, destination) => run.Fill(batch, k, destination)));
        return new ColumnMapper(inputSchema, [.. outputs]);
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        BinaryWriter writer = ctx.Writer;
        PairCodec.WriteNames(writer, InputColumnNames);
        PairCodec.WriteNames(writer, OutputColumnNames);
        writer.Write(_options.ShapeDictionary?.Count ?? 0);
        foreach (var (name, shape) in _options.ShapeDictionary ?? new Dictionary<string, int[]>())
        {
            writer.Write(name);
            writer.Write(shape.Length);
            Array.ForEach(shape, writer.Write);
        }

        writer.Write(_options.GpuDeviceId ?? -1);
        writer.Write(_options.FallbackToCpu);
        writer.Write(_options.IntraOpNumThreads ?? -1);
        writer.Write(_options.InterOpNumThreads ?? -1);
        ctx.SaveBinaryStream(ModelEntry, stream => stream.Write(_model));
    }

    internal static OnnxTransformer Load(ModelLoadContext ctx)
    {
        BinaryReader reader = ctx.Reader;
        string[] inputs = PairCodec.ReadNames(ctx), outputs = PairCodec.ReadNames(ctx);
        int shapeCount = reader.ReadInt32();
        ctx.CheckCount(shapeCount, "shapes");
        var shapes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        for (int i = 0; i < shapeCount; i++)
        {
            string name = reader.ReadString();
            int rank = reader.ReadInt32();
            ctx.CheckCount(rank, "axes");
            shapes[name] = [.. Enumerable.Range(0, rank).Select(_ => reader.ReadInt32())];
        }

        static int? Optional(int value) => value < 0 ? null : value;
        var options = new OnnxOptions
        {
            InputColumns = inputs,
            OutputColumns = outputs,
            ShapeDictionary = shapes.Count == 0 ? null : shapes,
            GpuDeviceId = Optional(reader.ReadInt32()),
            FallbackToCpu = reader.ReadBoolean(),
            IntraOpNumThreads = Optional(reader.ReadInt32()),
            InterOpNumThreads = Optional(reader.ReadInt32()),
        };
        return new OnnxTransformer(null, options, ctx.LoadBinaryStream(ModelEntry));
    }

    private static OnnxTensorInfo[] Select(IReadOnlyList<OnnxTensorInfo> values, string[]? names, string what, string source, bool requireAll)
    {
        if (names is null)
        {
            return [.. values];
        }

        OnnxTensorInfo[] chosen = [.. names.Select(n => values.FirstOrDefault(v => v.Name == n)
            ?? throw new ArgumentException($"{source} has no {what} '{n}'; its {what}s are {string.Join(", ", values.Select(v => $"'{v.Name}'"))}."))];
        OnnxTensorInfo? missing = requireAll ? values.FirstOrDefault(v => !names.Contains(v.Name)) : null;
        return missing is null ? chosen
            : throw new ArgumentException($"{source} needs its {what} '{missing.Name}' ({missing.ElementType} {missing.ShapeText}), which is not among the input columns given.");
    }

    private long[] Shape(OnnxTensorInfo value)
    {
        if (_options.ShapeDictionary?.TryGetValue(value.Name, out int[]? given) != true)
        {
            return [.. value.Dimensions];
        }

        return given!.Length == value.Dimensions.Count
            ? [.. given.Select(d => (long)d)]
            : throw new ArgumentException($"The shape dictionary gives '{value.Name}' {given.Length} axes; the model's {value.ShapeText} has {value.Dimensions.Count}.");
    }

    private static bool IsBatched(long[] shape) => shape.Length > 0 && shape[0] < 0;

    // The int32 [batch] inputs "X.length" beside a float [batch × n] input "X", each mapped to X.
    private static Dictionary<string, string> RowLengthInputs(IReadOnlyList<OnnxTensorInfo> inputs)
        => inputs.Where(i => i.ElementType == OnnxElementType.Int32 && i.Dimensions.Count == 1 && i.Name.EndsWith(OnnxPipelineContext.LengthSuffix, StringComparison.Ordinal))
            .Select(i => (Lengths: i.Name, Of: i.Name[..^OnnxPipelineContext.LengthSuffix.Length]))
            .Where(p => inputs.Any(v => v.Name == p.Of && v.ElementType == OnnxElementType.Float && v.Dimensions.Count == 2))
            .ToDictionary(p => p.Lengths, p => p.Of, StringComparer.Ordinal);

    private bool HasRowLengths(OnnxTensorInfo input) => _rowLengthsOf.ContainsValue(input.Name);

    // The per-row shape of an input column of `width` items: the model's shape after the batch axis, with one open axis
    // worked out from the width.
    private long[] InputShape(OnnxTensorInfo input, int width)
    {
        long[] shape = Shape(input);
        int first = IsBatched(shape) ? 1 : 0;
        long known = shape.Skip(first).Where(d => d >= 0).Aggregate(1L, (a, d) => a * d);
        int[] open = [.. Enumerable.Range(first, shape.Length - first).Where(i => shape[i] < 0)];
        if (open.Length == 1 && known > 0 && width % known == 0)
        {
            shape[open[0]] = width / known;
        }

        long size = shape.Skip(first).Aggregate(1L, (a, d) => a * d);
        return size == width && shape.Skip(first).All(d => d >= 0)
            ? shape
            : throw new ArgumentOutOfRangeException(nameof(input), $"Column '{input.Name}' holds {width} values per row, which do not fill the model's input {input.ShapeText}"
                + (open.Length > 1 ? "; give its shape in the shape dictionary." : "."));
    }

    private static PrimitiveDataViewType ColumnType(OnnxElementType type) => type switch
    {
        OnnxElementType.Float => NumberDataViewType.Single,
        OnnxElementType.Double => NumberDataViewType.Double,
        OnnxElementType.Int32 => NumberDataViewType.Int32,
        OnnxElementType.Int64 => NumberDataViewType.Int64,
        OnnxElementType.UInt32 => NumberDataViewType.UInt32,
        _ => BooleanDataViewType.Instance,
    };

    /// <summary>Runs the model once per batch of rows and hands each output column its part; every output column of
    /// a batch reads the same run (<see cref="PerBatch{T}"/>).</summary>
    private sealed class BatchRun(OnnxTransformer owner, int[] inputColumns, Dictionary<string, long[]> shapes, int[] widths)
    {
        private PerBatch<OnnxTensor[][]>? _results;

        public int[] InputColumns { get; } = inputColumns;

        public void Fill(DataViewBatch batch, int output, ColumnBuffer destination) =>
            Write((_results ??= new PerBatch<OnnxTensor[][]>(Score)).Get(batch), output, batch.RowCount, widths[output], destination);

        // One run for the whole batch when every input is batched, else one run per row.
        private OnnxTensor[][] Score(DataViewBatch batch)
        {
            int rows = batch.RowCount;
            bool batched = owner._inputs.All(i => IsBatched(shapes[i.Name]));
            var runs = new List<OnnxTensor[]>();
            for (int start = 0; start < rows; start += batched ? rows : 1)
            {
                int count = batched ? rows : 1;
                var feeds = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
                for (int k = 0; k < owner._inputs.Length; k++)
                {
                    OnnxTensorInfo input = owner._inputs[k];
                    long[] shape = [.. shapes[input.Name]];
                    if (IsBatched(shape))
                    {
                        shape[0] = count;
                    }

                    ColumnBuffer column = batch[InputColumns[k]]!;
                    feeds[input.Name] = owner._rowLengthsOf.ContainsKey(input.Name) ? RowLengths((ColumnBuffer<float>)column, start, count)
                        : shape.Length == 2 && shape[1] < 0 ? Padded((ColumnBuffer<float>)column, start, count)
                        : Gather(column, start, count, shape);
                }

                IReadOnlyDictionary<string, OnnxTensor> results = owner._scorer.Run(feeds);
                runs.Add([.. owner._outputs.Select(o => results[o.Name])]);
            }

            return [.. runs];
        }

        private static OnnxTensor RowLengths(ColumnBuffer<float> column, int start, int count)
            => OnnxTensor.Create([.. Enumerable.Range(start, count).Select(r => column.GetRow(r).Length)], count);

        // The rows padded with zeros to the longest of them.
        private static OnnxTensor Padded(ColumnBuffer<float> column, int start, int count)
        {
            int longest = Enumerable.Range(start, count).Max(r => column.GetRow(r).Length);
            var values = new float[count * longest];
            for (int r = 0; r < count; r++)
            {
                column.GetRow(start + r).CopyTo(values.AsSpan(r * longest));
            }

            return OnnxTensor.Create(values, count, longest);
        }

        private static OnnxTensor Gather(ColumnBuffer column, int start, int count, long[] shape) => column switch
        {
            ColumnBuffer<float> c => Slice(c, start, count, shape),
            ColumnBuffer<double> c => Slice(c, start, count, shape),
            ColumnBuffer<int> c => Slice(c, start, count, shape),
            ColumnBuffer<long> c => Slice(c, start, count, shape),
            ColumnBuffer<bool> c => Slice(c, start, count, shape),
            _ => throw new InvalidOperationException($"A column of {column.ItemType.Name} cannot feed an ONNX model."),
        };

        private static OnnxTensor Slice<T>(ColumnBuffer<T> column, int start, int count, long[] shape)
            where T : unmanaged
            => OnnxTensor.Create(column.Values.Slice(start * column.Width, count * column.Width).ToArray(), shape);

        private void Write(OnnxTensor[][] runs, int output, int rows, int width, ColumnBuffer destination)
        {
            switch (destination)
            {
                case ColumnBuffer<float> d: Write(runs, output, rows, width, d); break;
                case ColumnBuffer<double> d: Write(runs, output, rows, width, d); break;
                case ColumnBuffer<int> d: Write(runs, output, rows, width, d); break;
                case ColumnBuffer<long> d: Write(runs, output, rows, width, d); break;
                default: Write(runs, output, rows, width, (ColumnBuffer<bool>)destination); break;
            }
        }

        // Each run's output holds its rows one after another (a single row when the model runs row by row).
        private void Write<T>(OnnxTensor[][] runs, int output, int rows, int width, ColumnBuffer<T> destination)
            where T : unmanaged
        {
            T[][] parts = [.. runs.Select(r => r[output].GetData<T>())];
            int perRun = runs.Length == 1 ? rows : 1;
            int rowWidth = parts[0].Length / perRun;
            if (parts.Any(p => p.Length != perRun * rowWidth) || (width > 0 && rowWidth != width))
            {
                throw new InvalidOperationException($"The ONNX model's output '{owner._outputs[output].Name}' came back with {parts[0].Length} values for {perRun} rows; "
                    + $"the column holds {(width > 0 ? width.ToString(System.Globalization.CultureInfo.InvariantCulture) : "a whole number of")} values per row.");
            }

            if (width > 0)
            {
                Span<T> all = destination.ResetFixed(rows, width);
                for (int p = 0; p < parts.Length; p++)
                {
                    parts[p].CopyTo(all[(p * perRun * width)..]);
                }

                return;
            }

            destination.ResetVariable(rows);
            foreach (T[] part in parts)
            {
                for (int r = 0; r < perRun; r++)
                {
                    part.AsSpan(r * rowWidth, rowWidth).CopyTo(destination.AppendRow(rowWidth));
                }
            }
        }
    }
}

/// <summary>Creates an <see cref="OnnxTransformer"/>; nothing is learned.</summary>
public sealed class OnnxScoringEstimator : TrivialEstimator<OnnxTransformer>
{
    internal OnnxScoringEstimator(MLContext context, OnnxOptions options, byte[] model)
        : base(new OnnxTransformer(context, options, model))
    {
    }

    /// <inheritdoc/>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Transformer.GetOutputSchema(inputSchema);
    }
}
