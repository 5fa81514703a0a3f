using System.Reflection;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Learns the dictionaries of a <see cref="ValueToKeyMappingTransformer"/>.</summary>
public sealed class ValueToKeyMappingEstimator : IEstimator<ValueToKeyMappingTransformer>
{
    private static readonly MethodInfo s_build = typeof(ValueToKeyMappingEstimator).GetMethod(nameof(Build), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly InputOutputColumnPair[] _columns;
    private readonly int _maximumNumberOfKeys;
    private readonly KeyOrdinality _keyOrdinality;
    private readonly bool _addKeyValueAnnotationsAsText;
    private readonly IDataView? _keyData;

    internal ValueToKeyMappingEstimator(InputOutputColumnPair[] columns, int maximumNumberOfKeys, KeyOrdinality keyOrdinality, bool addKeyValueAnnotationsAsText, IDataView? keyData)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumNumberOfKeys, 1);
        _columns = columns;
        _maximumNumberOfKeys = maximumNumberOfKeys;
        _keyOrdinality = keyOrdinality;
        _addKeyValueAnnotationsAsText = addKeyValueAnnotationsAsText;
        _keyData = keyData;
    }

    /// <summary>How keys are numbered.</summary>
    public enum KeyOrdinality : byte
    {
        /// <summary>In the order values first occur in the data (the default).</summary>
        ByOccurrence = 0,

        /// <summary>In ascending order of value (ordinal for text).</summary>
        ByValue = 1,
    }

    /// <summary>Reads the input columns (or <c>keyData</c>) and builds the dictionaries.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The fitted transformer.</returns>
    public ValueToKeyMappingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var maps = new TermMap[_columns.Length];
        for (int i = 0; i < _columns.Length; i++)
        {
            IDataView source = _keyData ?? input;
            DataViewSchema.Column column = _keyData is null
                ? SchemaErrors.Require(input.Schema, _columns[i].InputColumnName, IsSupported, "Single, Double, Int32, Int64, UInt32, Boolean or String, or a vector of them")
                : _keyData.Schema[0];
            if (_keyData is not null && !ColumnBuffers.ItemType(column.Type).Equals(ColumnBuffers.ItemType(SchemaErrors.Require(input.Schema, _columns[i].InputColumnName).Type)))
            {
                throw SchemaErrors.Mismatch(column.Name, $"the item type of input column '{_columns[i].InputColumnName}'", column.Type, "key data");
            }

            PrimitiveDataViewType item = ColumnBuffers.ItemType(column.Type);
            maps[i] = (TermMap)s_build.MakeGenericMethod(item.RawType).Invoke(null, [source, column, item, _maximumNumberOfKeys, _keyOrdinality == KeyOrdinality.ByValue])!;
        }

        return new ValueToKeyMappingTransformer(_columns, maps, _addKeyValueAnnotationsAsText);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapeBridge.Propagate(inputSchema, schema =>
        {
            TermMap[] placeholders = _columns.Select(c =>
            {
                PrimitiveDataViewType item = ColumnBuffers.ItemType(SchemaErrors.Require(schema, c.InputColumnName, IsSupported, "Single, Double, Int32, Int64, UInt32, Boolean or String, or a vector of them").Type);
                return (TermMap)s_build.MakeGenericMethod(item.RawType).Invoke(null, [null, null, item, 1, false])!;
            }).ToArray();
            return new ValueToKeyMappingTransformer(_columns, placeholders, _addKeyValueAnnotationsAsText).GetOutputSchema(schema);
        });
    }

    internal static bool IsSupported(DataViewType type) => ColumnBuffers.ItemType(type) is NumberDataViewType or TextDataViewType or BooleanDataViewType;

    private static TermMap<T> Build<T>(IDataView? data, DataViewSchema.Column? column, PrimitiveDataViewType item, int max, bool byValue)
        where T : notnull
    {
        // Without data (schema propagation) one placeholder term stands in, so the output carries KeyValues like a fitted one.
        return TermMap<T>.Build(item, data is null ? [default!] : Values(), max, byValue);

        IEnumerable<T> Values()
        {
            using DataViewBatchCursor cursor = data.GetBatchCursor([column!.Value]);
            while (cursor.MoveNext())
            {
                ColumnBuffer<T> values = cursor.Batch.GetColumn<T>(column.Value);
                for (int i = 0; i < values.Values.Length; i++)
                {
                    yield return values.Values[i];
                }
            }
        }
    }
}
