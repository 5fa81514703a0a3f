using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Loading;

namespace MLNet.NeuralExtensions;

/// <summary>Loading, splitting, filtering, shuffling and caching of data; <c>mlContext.Data</c>.</summary>
public sealed class DataOperationsCatalog
{
    private readonly MLContext _context;

    internal DataOperationsCatalog(MLContext context) => _context = context;

    /// <summary>Wraps an enumerable as a data view; it is enumerated again by each cursor, so it is read lazily.</summary>
    /// <typeparam name="TRow">A class whose public fields and properties are the columns.</typeparam>
    /// <param name="data">The rows.</param>
    /// <returns>A view of the rows.</returns>
    public IDataView LoadFromEnumerable<TRow>(IEnumerable<TRow> data)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(data);
        return new EnumerableDataView<TRow>(data, TypeSchema.Create(typeof(TRow)));
    }

    /// <summary>Reads a data view into objects.</summary>
    /// <typeparam name="TRow">A class whose public fields and properties name the columns to read.</typeparam>
    /// <param name="data">The data view.</param>
    /// <param name="reuseRowObject">Whether to fill one object over and over instead of creating one per row.</param>
    /// <param name="ignoreMissingColumns">Whether members without a matching column are left unset; when false (the default) such a member throws.</param>
    /// <returns>The rows, read lazily.</returns>
    public IEnumerable<TRow> CreateEnumerable<TRow>(IDataView data, bool reuseRowObject, bool ignoreMissingColumns = false)
        where TRow : class, new()
    {
        ArgumentNullException.ThrowIfNull(data);
        var writer = new RowWriter<TRow>(data.Schema, TypeSchema.Create(typeof(TRow)), ignoreMissingColumns);
        return writer.Enumerate(data, reuseRowObject);
    }

    /// <summary>Loads a delimited text file using the <see cref="LoadColumnAttribute"/>s of <typeparamref name="TInput"/>.</summary>
    /// <typeparam name="TInput">A class whose members carry <see cref="LoadColumnAttribute"/> (or <see cref="NoColumnAttribute"/>).</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="separatorChar">The field separator; tab by default.</param>
    /// <param name="hasHeader">Whether the first line holds column names; false by default.</param>
    /// <param name="allowQuoting">Whether fields may be enclosed in double quotes; false by default.</param>
    /// <param name="trimWhitespace">Whether spaces around fields are removed; false by default.</param>
    /// <returns>A lazy view of the file. Malformed lines throw when read, naming the file, line and field.</returns>
    public IDataView LoadFromTextFile<TInput>(string path, char separatorChar = TextLoader.Defaults.Separator, bool hasHeader = TextLoader.Defaults.HasHeader,
        bool allowQuoting = TextLoader.Defaults.AllowQuoting, bool trimWhitespace = TextLoader.Defaults.TrimWhitespace)
    {
        TypeSchema types = TypeSchema.Create(typeof(TInput), forTextLoading: true);
        TextLoader.Column[] columns = types.Members.Select(m =>
        {
            PrimitiveDataViewType item = ColumnBuffers.ItemType(m.ColumnType);
            return new TextLoader.Column(m.ColumnName, KindOf(item), m.LoadSources!.Select(i => new TextLoader.Range(i)).ToArray(),
                item is KeyDataViewType k ? new TextLoader.KeyCount(k.Count) : null);
        }).ToArray();
        return LoadFromTextFile(path, columns, separatorChar, hasHeader, allowQuoting, trimWhitespace);
    }

    /// <summary>Loads a delimited text file with explicit columns.</summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">The columns to load.</param>
    /// <param name="separatorChar">The field separator; tab by default.</param>
    /// <param name="hasHeader">Whether the first line holds column names; false by default.</param>
    /// <param name="allowQuoting">Whether fields may be enclosed in double quotes; false by default.</param>
    /// <param name="trimWhitespace">Whether spaces around fields are removed; false by default.</param>
    /// <returns>A lazy view of the file.</returns>
    public IDataView LoadFromTextFile(string path, TextLoader.Column[] columns, char separatorChar = TextLoader.Defaults.Separator, bool hasHeader = TextLoader.Defaults.HasHeader,
        bool allowQuoting = TextLoader.Defaults.AllowQuoting, bool trimWhitespace = TextLoader.Defaults.TrimWhitespace) =>
        LoadFromTextFile(path, new TextLoader.Options
        {
            Columns = columns,
            Separators = [separatorChar],
            HasHeader = hasHeader,
            AllowQuoting = allowQuoting,
            TrimWhitespace = trimWhitespace,
        });

    /// <summary>Loads a delimited text file with all settings in <paramref name="options"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The columns and format.</param>
    /// <returns>A lazy view of the file.</returns>
    public IDataView LoadFromTextFile(string path, TextLoader.Options options) => new TextLoaderDataView(path, options);

    /// <summary>Splits rows into a training and a test set, keeping row order.</summary>
    /// <param name="data">The rows.</param>
    /// <param name="testFraction">The expected fraction of rows in the test set, in (0, 1); 0.1 by default.</param>
    /// <param name="samplingKeyColumnName">A column whose equal values always land in the same set (hashed, or min-max scaled for Single/Double); <see langword="null"/> (the default) splits rows independently.</param>
    /// <param name="seed">The seed; <see langword="null"/> (the default) takes the next seed of the context.</param>
    /// <returns>The two sets.</returns>
    public TrainTestData TrainTestSplit(IDataView data, double testFraction = 0.1, string? samplingKeyColumnName = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in (0, 1).");
        }

        SplitAssignment split = SplitAssignment.Create(data, samplingKeyColumnName, seed ?? _context.NextSeed());
        return new TrainTestData(
            new FilteredDataView(data, split.Columns, (b, r) => split.Value(b, r) >= testFraction),
            new FilteredDataView(data, split.Columns, (b, r) => split.Value(b, r) < testFraction));
    }

    /// <summary>Splits rows into <paramref name="numberOfFolds"/> folds; fold i tests on the rows whose split number is in [i/k, (i+1)/k) and trains on the rest.</summary>
    /// <param name="data">The rows.</param>
    /// <param name="numberOfFolds">The number of folds, at least 2; 5 by default.</param>
    /// <param name="samplingKeyColumnName">A column whose equal values always land in the same fold; <see langword="null"/> by default.</param>
    /// <param name="seed">The seed; <see langword="null"/> (the default) takes the next seed of the context.</param>
    /// <returns>One train/test pair per fold.</returns>
    public IReadOnlyList<TrainTestData> CrossValidationSplit(IDataView data, int numberOfFolds = 5, string? samplingKeyColumnName = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfFolds, 2);
        SplitAssignment split = SplitAssignment.Create(data, samplingKeyColumnName, seed ?? _context.NextSeed());
        return Enumerable.Range(0, numberOfFolds).Select(fold =>
        {
            bool InFold(DataViewBatch b, int r) => (int)(split.Value(b, r) * numberOfFolds) == fold;
            return new TrainTestData(
                new FilteredDataView(data, split.Columns, (b, r) => !InFold(b, r)),
                new FilteredDataView(data, split.Columns, InFold));
        }).ToArray();
    }

    /// <summary>Returns the rows in a random order. The source is read into memory once, on first use, and shuffled completely.</summary>
    /// <param name="input">The rows.</param>
    /// <param name="seed">The seed; <see langword="null"/> (the default) takes the next seed of the context.</param>
    /// <returns>The shuffled view.</returns>
    public IDataView ShuffleRows(IDataView input, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        int s = seed ?? _context.NextSeed();
        return new CachedDataView(input, count =>
        {
            int[] order = Enumerable.Range(0, count).ToArray();
            new Random(s).Shuffle(order);
            return order;
        });
    }

    /// <summary>Keeps the first <paramref name="count"/> rows.</summary>
    /// <param name="input">The rows.</param>
    /// <param name="count">How many rows to keep.</param>
    /// <returns>The view.</returns>
    public IDataView TakeRows(IDataView input, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new FilteredDataView(input, [], (b, r) => b.Position + r < count, count);
    }

    /// <summary>Skips the first <paramref name="count"/> rows.</summary>
    /// <param name="input">The rows.</param>
    /// <param name="count">How many rows to skip.</param>
    /// <returns>The view.</returns>
    public IDataView SkipRows(IDataView input, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new FilteredDataView(input, [], (b, r) => b.Position + r >= count);
    }

    /// <summary>Keeps the rows whose numeric value in <paramref name="columnName"/> lies in [<paramref name="lowerBound"/>, <paramref name="upperBound"/>); NaN values are dropped.</summary>
    /// <param name="input">The rows.</param>
    /// <param name="columnName">A Single or Double column.</param>
    /// <param name="lowerBound">The inclusive lower bound; negative infinity by default.</param>
    /// <param name="upperBound">The exclusive upper bound; positive infinity by default.</param>
    /// <returns>The view.</returns>
    public IDataView FilterRowsByColumn(IDataView input, string columnName, double lowerBound = double.NegativeInfinity, double upperBound = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(lowerBound < upperBound))
        {
            throw new ArgumentOutOfRangeException(nameof(upperBound), $"The lower bound {lowerBound} must be below the upper bound {upperBound}.");
        }

        DataViewSchema.Column c = SchemaErrors.Require(input.Schema, columnName, t => t.RawType == typeof(float) || t.RawType == typeof(double), "Single or Double");
        bool isFloat = c.Type.RawType == typeof(float);
        return new FilteredDataView(input, [c.Index], (b, r) =>
        {
            double x = isFloat ? b.GetColumn<float>(c).Values[r] : b.GetColumn<double>(c).Values[r];
            return x >= lowerBound && x < upperBound;
        });
    }

    /// <summary>Keeps the rows of a view in memory after they are first read, so later passes (epochs, folds) do not read the source again.</summary>
    /// <param name="input">The rows.</param>
    /// <param name="columnsToPrefetch">When any are given, the source is read now instead of on first use.</param>
    /// <returns>The cached view.</returns>
    public IDataView Cache(IDataView input, params string[] columnsToPrefetch)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cached = new CachedDataView(input);
        foreach (string name in columnsToPrefetch ?? [])
        {
            SchemaErrors.Require(input.Schema, name);
        }

        if (columnsToPrefetch is { Length: > 0 })
        {
            cached.Prefetch();
        }

        return cached;
    }

    private static DataKind KindOf(PrimitiveDataViewType item) => item.RawType switch
    {
        var t when t == typeof(float) => DataKind.Single,
        var t when t == typeof(double) => DataKind.Double,
        var t when t == typeof(int) => DataKind.Int32,
        var t when t == typeof(long) => DataKind.Int64,
        var t when t == typeof(uint) => DataKind.UInt32,
        var t when t == typeof(bool) => DataKind.Boolean,
        _ => DataKind.String,
    };

    /// <summary>A training set and a test set.</summary>
    public readonly struct TrainTestData
    {
        internal TrainTestData(IDataView trainSet, IDataView testSet)
        {
            TrainSet = trainSet;
            TestSet = testSet;
        }

        /// <summary>Gets the training rows.</summary>
        public IDataView TrainSet { get; }

        /// <summary>Gets the test rows.</summary>
        public IDataView TestSet { get; }
    }
}
