using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>How the search reads a delimited text file with ML.NET's text loader: a header line, double quotes honoured,
/// fields trimmed, empty numeric fields as NaN.</summary>
internal static class DelimitedTextLoader
{
    /// <summary>The loader of <paramref name="columns"/> in files separated by <paramref name="separator"/>.</summary>
    public static TextLoader Create(MLContext ml, IEnumerable<TextLoader.Column> columns, char separator) =>
        ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = [.. columns],
            Separators = [separator],
            HasHeader = true,
            AllowQuoting = true,
            MissingRealsAsNaNs = true,
            TrimWhitespace = true,
        });
}
