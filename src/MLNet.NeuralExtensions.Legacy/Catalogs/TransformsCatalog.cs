using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions;

/// <summary>The data transforms; <c>mlContext.Transforms</c>. A null input column name means the output column's name (the column is replaced).</summary>
public sealed class TransformsCatalog
{
    internal TransformsCatalog(MLContext context)
    {
        Context = context;
        Conversion = new ConversionTransforms();
        Categorical = new CategoricalTransforms();
    }

    /// <summary>Gets type conversions and key mappings.</summary>
    public ConversionTransforms Conversion { get; }

    /// <summary>Gets categorical encodings.</summary>
    public CategoricalTransforms Categorical { get; }

    internal MLContext Context { get; }

    /// <summary>Joins columns of one item type into a vector column.</summary>
    /// <param name="outputColumnName">The vector column to create.</param>
    /// <param name="inputColumnNames">The columns to join, in order.</param>
    /// <returns>The estimator.</returns>
    public ColumnConcatenatingEstimator Concatenate(string outputColumnName, params string[] inputColumnNames) => new(outputColumnName, inputColumnNames);

    /// <summary>Copies a column under a new name.</summary>
    /// <param name="outputColumnName">The new column.</param>
    /// <param name="inputColumnName">The column to copy.</param>
    /// <returns>The estimator.</returns>
    public ColumnCopyingEstimator CopyColumns(string outputColumnName, string inputColumnName) => new(new InputOutputColumnPair(outputColumnName, inputColumnName));

    /// <summary>Copies several columns.</summary>
    /// <param name="columns">The output and input names.</param>
    /// <returns>The estimator.</returns>
    public ColumnCopyingEstimator CopyColumns(params InputOutputColumnPair[] columns) => new(columns);

    /// <summary>Removes columns.</summary>
    /// <param name="columnNames">The columns to remove.</param>
    /// <returns>The estimator.</returns>
    public ColumnSelectingEstimator DropColumns(params string[] columnNames) => new(null, columnNames, true);

    /// <summary>Keeps only the given columns, in the given order, without hidden columns.</summary>
    /// <param name="columnNames">The columns to keep.</param>
    /// <returns>The estimator.</returns>
    public ColumnSelectingEstimator SelectColumns(params string[] columnNames) => new(columnNames, null, false);

    /// <summary>Keeps only the given columns.</summary>
    /// <param name="columnNames">The columns to keep.</param>
    /// <param name="keepHidden">Whether hidden columns of those names are kept too.</param>
    /// <returns>The estimator.</returns>
    public ColumnSelectingEstimator SelectColumns(string[] columnNames, bool keepHidden) => new(columnNames, null, keepHidden);

    /// <summary>Type conversions and key mappings; <c>mlContext.Transforms.Conversion</c>.</summary>
    public sealed class ConversionTransforms
    {
        internal ConversionTransforms()
        {
        }

        /// <summary>Converts a column's items to another kind.</summary>
        /// <param name="outputColumnName">The column to create.</param>
        /// <param name="inputColumnName">The column to convert; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
        /// <param name="outputKind">The kind to convert to; Single by default.</param>
        /// <returns>The estimator.</returns>
        public TypeConvertingEstimator ConvertType(string outputColumnName, string? inputColumnName = null, DataKind outputKind = DataKind.Single) =>
            new([new InputOutputColumnPair(outputColumnName, inputColumnName)], outputKind);

        /// <summary>Converts several columns' items to another kind.</summary>
        /// <param name="columns">The output and input names.</param>
        /// <param name="outputKind">The kind to convert to; Single by default.</param>
        /// <returns>The estimator.</returns>
        public TypeConvertingEstimator ConvertType(InputOutputColumnPair[] columns, DataKind outputKind = DataKind.Single) => new(columns, outputKind);

        /// <summary>Maps values to keys through a dictionary learned from the data.</summary>
        /// <param name="outputColumnName">The key column to create.</param>
        /// <param name="inputColumnName">The column to map; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
        /// <param name="maximumNumberOfKeys">The most keys to learn; later new values map to 0. 1,000,000 by default.</param>
        /// <param name="keyOrdinality">How keys are numbered; by first occurrence by default.</param>
        /// <param name="addKeyValueAnnotationsAsText">Whether the KeyValues annotation is text even for non-text values; false by default.</param>
        /// <param name="keyData">A one-column view supplying the dictionary instead of the training data; <see langword="null"/> by default.</param>
        /// <returns>The estimator.</returns>
        public ValueToKeyMappingEstimator MapValueToKey(string outputColumnName, string? inputColumnName = null, int maximumNumberOfKeys = 1_000_000,
            ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality = ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence, bool addKeyValueAnnotationsAsText = false, IDataView? keyData = null) =>
            new([new InputOutputColumnPair(outputColumnName, inputColumnName)], maximumNumberOfKeys, keyOrdinality, addKeyValueAnnotationsAsText, keyData);

        /// <summary>Maps several columns' values to keys.</summary>
        /// <param name="columns">The output and input names.</param>
        /// <param name="maximumNumberOfKeys">The most keys per column; 1,000,000 by default.</param>
        /// <param name="keyOrdinality">How keys are numbered; by first occurrence by default.</param>
        /// <param name="addKeyValueAnnotationsAsText">Whether the KeyValues annotation is text; false by default.</param>
        /// <param name="keyData">A one-column view supplying the dictionary; <see langword="null"/> by default.</param>
        /// <returns>The estimator.</returns>
        public ValueToKeyMappingEstimator MapValueToKey(InputOutputColumnPair[] columns, int maximumNumberOfKeys = 1_000_000,
            ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality = ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence, bool addKeyValueAnnotationsAsText = false, IDataView? keyData = null) =>
            new(columns, maximumNumberOfKeys, keyOrdinality, addKeyValueAnnotationsAsText, keyData);

        /// <summary>Maps keys back to the values of their KeyValues annotation.</summary>
        /// <param name="outputColumnName">The column to create.</param>
        /// <param name="inputColumnName">The key column; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
        /// <returns>The estimator.</returns>
        public KeyToValueMappingEstimator MapKeyToValue(string outputColumnName, string? inputColumnName = null) =>
            new([new InputOutputColumnPair(outputColumnName, inputColumnName)]);

        /// <summary>Maps several key columns back to values.</summary>
        /// <param name="columns">The output and input names.</param>
        /// <returns>The estimator.</returns>
        public KeyToValueMappingEstimator MapKeyToValue(InputOutputColumnPair[] columns) => new(columns);
    }

    /// <summary>Categorical encodings; <c>mlContext.Transforms.Categorical</c>.</summary>
    public sealed class CategoricalTransforms
    {
        internal CategoricalTransforms()
        {
        }

        /// <summary>Encodes categories as one-hot float vectors (or bags, binary digits or keys).</summary>
        /// <param name="outputColumnName">The column to create.</param>
        /// <param name="inputColumnName">The categorical column; <see langword="null"/> (the default) means <paramref name="outputColumnName"/>.</param>
        /// <param name="outputKind">The output form; Indicator by default.</param>
        /// <param name="maximumNumberOfKeys">The most categories to learn; 1,000,000 by default.</param>
        /// <param name="keyOrdinality">How categories are numbered; by first occurrence by default.</param>
        /// <param name="keyData">A one-column view supplying the categories; <see langword="null"/> by default.</param>
        /// <returns>The estimator.</returns>
        public OneHotEncodingEstimator OneHotEncoding(string outputColumnName, string? inputColumnName = null, OneHotEncodingEstimator.OutputKind outputKind = OneHotEncodingEstimator.OutputKind.Indicator,
            int maximumNumberOfKeys = 1_000_000, ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality = ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence, IDataView? keyData = null) =>
            new([new InputOutputColumnPair(outputColumnName, inputColumnName)], outputKind, maximumNumberOfKeys, keyOrdinality, keyData);

        /// <summary>Encodes several categorical columns.</summary>
        /// <param name="columns">The output and input names.</param>
        /// <param name="outputKind">The output form; Indicator by default.</param>
        /// <param name="maximumNumberOfKeys">The most categories per column; 1,000,000 by default.</param>
        /// <param name="keyOrdinality">How categories are numbered; by first occurrence by default.</param>
        /// <param name="keyData">A one-column view supplying the categories; <see langword="null"/> by default.</param>
        /// <returns>The estimator.</returns>
        public OneHotEncodingEstimator OneHotEncoding(InputOutputColumnPair[] columns, OneHotEncodingEstimator.OutputKind outputKind = OneHotEncodingEstimator.OutputKind.Indicator,
            int maximumNumberOfKeys = 1_000_000, ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality = ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence, IDataView? keyData = null) =>
            new(columns, outputKind, maximumNumberOfKeys, keyOrdinality, keyData);
    }
}
