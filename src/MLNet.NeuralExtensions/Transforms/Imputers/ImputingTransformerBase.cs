using System.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// The part this package's imputing transformers share: one output column per input column, of the input's type and
/// with its slot names and normalization flag, in which each row's missing values (NaN) are filled by the derived
/// transformer and its present values pass unchanged. It maps rows in ML.NET's cursors (in parallel where ML.NET splits
/// them), is saved in ML.NET model files and is exported to ONNX by ML.NET's converter. Not meant to be derived from
/// outside this package.
/// </summary>
public abstract class ImputingTransformerBase : OneToOneTransformerBase
{
    private readonly DataViewType[] _types;

    private protected ImputingTransformerBase(IHost host, (string outputColumnName, string inputColumnName)[] columns, DataViewType[] types)
        : base(host, columns) => _types = types;

    private protected ImputingTransformerBase(IHost host, ModelLoadContext ctx)
        : base(host, ctx)
    {
        // *** Binary format (after the column names) ***
        // for each column: bool: whether the items are Double (else Single); int: vector size, 0 for a scalar
        _types = new DataViewType[ColumnPairs.Length];
        for (int i = 0; i < _types.Length; i++)
        {
            NumberDataViewType item = ctx.Reader.ReadBoolean() ? NumberDataViewType.Double : NumberDataViewType.Single;
            int size = ctx.Reader.ReadInt32();
            Host.CheckDecode(size >= 0, "a vector size is negative");
            _types[i] = size == 0 ? item : new VectorDataViewType(item, size);
        }
    }

    /// <summary>The number of slots of column <paramref name="column"/> as fitted: 1 for a scalar.</summary>
    private protected int SlotCount(int column) => _types[column] is VectorDataViewType vector ? vector.Size : 1;

    /// <summary>The version of a derived transformer's model format: version 1.1, written by this assembly.</summary>
    private protected static VersionInfo Version(string modelSignature, string loaderSignature) => TransformerModelFormat.Version(modelSignature, loaderSignature);

    /// <summary>Checks that <paramref name="ctx"/> holds a model of <paramref name="version"/> and returns the host a
    /// loaded transformer gets (ML.NET's SignatureLoadModel factories do both).</summary>
    private protected static IHost LoadingHost(IHostEnvironment env, ModelLoadContext ctx, VersionInfo version) => TransformerModelFormat.LoadingHost(env, ctx, version);

    /// <summary>Starts the model: <paramref name="version"/>, the column names and the fitted types; the derived
    /// transformer writes its state after them.</summary>
    private protected void SaveColumnsAndTypes(ModelSaveContext ctx, VersionInfo version)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel();
        ctx.SetVersionInfo(version);
        SaveColumns(ctx);
        foreach (DataViewType type in _types)
        {
            ctx.Writer.Write(ItemType(type) == NumberDataViewType.Double);
            ctx.Writer.Write(type is VectorDataViewType vector ? vector.Size : 0);
        }
    }

    /// <summary>Returns what fills the missing values of one row of column <paramref name="column"/> in place (the row's
    /// values as doubles, NaN where missing). Called once per cursor, so the returned action may keep its own buffers.</summary>
    private protected abstract Action<Span<double>> CreateRowImputer(int column);

    /// <summary>Writes the ONNX nodes that compute <paramref name="output"/> from <paramref name="input"/>, the variables
    /// of column <paramref name="column"/>, whose type in the converted pipeline is <paramref name="type"/> (shape
    /// [N, dimensions...], or [N, 1] for a scalar).</summary>
    private protected abstract void SaveAsOnnx(OnnxContext ctx, int column, DataViewType type, string input, string output);

    /// <inheritdoc/>
    protected override void CheckInputColumn(DataViewSchema inputSchema, int col, int srcCol)
    {
        DataViewType type = inputSchema[srcCol].Type, fitted = _types[col];
        bool accepted = ItemType(type) == ItemType(fitted) && (type is VectorDataViewType) == (fitted is VectorDataViewType) && type.GetValueCount() == fitted.GetValueCount();
        if (!accepted)
        {
            throw Host.ExceptSchemaMismatch(nameof(inputSchema), "input", ColumnPairs[col].inputColumnName, $"{fitted} (the type it was fitted on)", type.ToString());
        }
    }

    /// <inheritdoc/>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    private static DataViewType ItemType(DataViewType type) => (type as VectorDataViewType)?.ItemType ?? type;

    private sealed class Mapper : OneToOneMapperBase, ISaveAsOnnx
    {
        private readonly ImputingTransformerBase _parent;

        public Mapper(ImputingTransformerBase parent, DataViewSchema inputSchema)
            : base(parent.Host.Register(nameof(Mapper)), parent, inputSchema) => _parent = parent;

        public bool CanSaveOnnx(OnnxContext ctx) => true;

        public void SaveAsOnnx(OnnxContext ctx)
        {
            for (int i = 0; i < _parent.ColumnPairs.Length; i++)
            {
                var (outputName, inputName) = _parent.ColumnPairs[i];
                if (!ctx.ContainsColumn(inputName))
                {
                    ctx.RemoveColumn(outputName, false);
                    continue;
                }

                DataViewType type = InputSchema[ColMapNewToOld[i]].Type;
                string input = ctx.GetVariableName(inputName);
                _parent.SaveAsOnnx(ctx, i, type, input, ctx.AddIntermediateVariable(type, outputName));
            }
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() =>
            [.. _parent.ColumnPairs.Select((pair, i) =>
            {
                DataViewSchema.Column input = InputSchema[ColMapNewToOld[i]];
                var annotations = new DataViewSchema.Annotations.Builder();
                annotations.Add(input.Annotations, kind => kind is AnnotationUtils.Kinds.SlotNames or AnnotationUtils.Kinds.IsNormalized);
                return new DataViewSchema.DetachedColumn(pair.outputColumnName, input.Type, annotations.ToAnnotations());
            })];

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            disposer = null!;
            DataViewSchema.Column column = input.Schema[ColMapNewToOld[iinfo]];
            Action<Span<double>> impute = _parent.CreateRowImputer(iinfo);
            bool isDouble = ItemType(column.Type) == NumberDataViewType.Double;
            if (column.Type is VectorDataViewType)
            {
                return isDouble ? VectorGetter<double>(input, column, impute) : VectorGetter<float>(input, column, impute);
            }

            return isDouble ? ScalarGetter<double>(input, column, impute) : ScalarGetter<float>(input, column, impute);
        }

        private static ValueGetter<T> ScalarGetter<T>(DataViewRow input, DataViewSchema.Column column, Action<Span<double>> impute)
            where T : IFloatingPointIeee754<T>
        {
            ValueGetter<T> source = input.GetGetter<T>(column);
            double[] row = new double[1];
            return (ref T value) =>
            {
                source(ref value);
                if (T.IsNaN(value))
                {
                    row[0] = double.NaN;
                    impute(row);
                    value = T.CreateTruncating(row[0]);
                }
            };
        }

        /// <summary>Dense output; a row is imputed once however often its value is read.</summary>
        private static ValueGetter<VBuffer<T>> VectorGetter<T>(DataViewRow input, DataViewSchema.Column column, Action<Span<double>> impute)
            where T : IFloatingPointIeee754<T>
        {
            ValueGetter<VBuffer<T>> source = input.GetGetter<VBuffer<T>>(column);
            int size = ((VectorDataViewType)column.Type).Size;
            VBuffer<T> raw = default;
            T[] values = new T[size];
            double[] row = new double[size];
            long position = -1;
            return (ref VBuffer<T> value) =>
            {
                if (input.Position != position)
                {
                    source(ref raw);
                    Contracts.Check(raw.Length == size, $"Column '{column.Name}' declares {size} slots but a row has {raw.Length}.");
                    raw.CopyTo(values);
                    if (AnyNaN(values))
                    {
                        for (int i = 0; i < size; i++)
                        {
                            row[i] = double.CreateTruncating(values[i]);
                        }

                        impute(row);
                        for (int i = 0; i < size; i++)
                        {
                            values[i] = T.CreateTruncating(row[i]);
                        }
                    }

                    position = input.Position;
                }

                VBufferEditor<T> editor = VBufferEditor.Create(ref value, size);
                values.CopyTo(editor.Values);
                value = editor.Commit();
            };
        }

        private static bool AnyNaN<T>(T[] values)
            where T : IFloatingPointIeee754<T>
        {
            foreach (T v in values)
            {
                if (T.IsNaN(v))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
