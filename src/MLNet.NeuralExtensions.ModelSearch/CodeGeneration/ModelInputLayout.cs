using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.ModelSearch.CodeGeneration;

/// <summary>
/// The columns a searched model reads and how a delimited text file holds them: what an application (or the
/// <c>predict</c> command) needs beside model.zip to load new rows as the search loaded its dataset, kept as JSON
/// (<see cref="FileName"/>) next to the model.
/// </summary>
public sealed class ModelInputLayout
{
    /// <summary>The layout's file name beside model.zip: "model-input.json".</summary>
    public const string FileName = "model-input.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>Gets the task the model was searched for. Default <see cref="ModelSearchTask.BinaryClassification"/>.</summary>
    public ModelSearchTask Task { get; init; }

    /// <summary>Gets the field separator. Default ','.</summary>
    public char Separator { get; init; } = ',';

    /// <summary>Gets the label column, or null (default) when the search had none; the model does not read it.</summary>
    public string? LabelColumnName { get; init; }

    /// <summary>Gets the loaded columns in file order, the label included. Default none.</summary>
    public IReadOnlyList<ModelInputColumn> Columns { get; init; } = [];

    /// <summary>The layout of <paramref name="analysis"/>: the columns <see cref="DatasetAnalysis.CreateTextLoader"/>
    /// loads, with their types.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="analysis">The dataset's analysis.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="NotSupportedException">The loader loads a column as a type other than Single or text.</exception>
    public static ModelInputLayout From(MLContext ml, DatasetAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(analysis);
        DataViewSchema schema = analysis.CreateTextLoader(ml).GetOutputSchema();
        return new ModelInputLayout
        {
            Task = analysis.Task,
            Separator = analysis.Separator,
            LabelColumnName = analysis.LabelColumnName,
            Columns = [.. schema.Select(c => new ModelInputColumn(c.Name, analysis.Columns.Single(d => d.Name == c.Name).Index, KindOf(c)))],
        };
    }

    /// <summary>Creates ML.NET's text loader for files laid out as the training file (a header line, then the fields at
    /// <see cref="ModelInputColumn.Index"/>), empty numeric fields loaded as NaN.</summary>
    /// <param name="ml">The context.</param>
    /// <returns>The loader.</returns>
    public TextLoader CreateTextLoader(MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(ml);
        return DelimitedTextLoader.Create(ml, Columns.Select(c => new TextLoader.Column(c.Name, c.Kind, c.Index)), Separator);
    }

    /// <summary>Loads <paramref name="path"/> through <see cref="CreateTextLoader"/> after checking that its header names
    /// every column the model reads at the training file's position (the label may be missing).</summary>
    /// <param name="ml">The context.</param>
    /// <param name="path">A delimited text file laid out as the training file.</param>
    /// <returns>The loaded view.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty, not text or has no rows, or its header differs (read as
    /// the training file's was, quotes honoured); the message names the file and the column.</exception>
    public IDataView Load(MLContext ml, string path)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentException.ThrowIfNullOrEmpty(path);
        (_, string[] names) = DelimitedHeader.Read(path);
        foreach (ModelInputColumn c in Columns.Where(c => c.Name != LabelColumnName))
        {
            string found = c.Index < names.Length ? names[c.Index] : "nothing";
            if (found != c.Name)
            {
                throw new InvalidDataException($"The dataset '{path}' has '{found}' as column {c.Index + 1}, where the model reads '{c.Name}'; the rows must be laid out as the training file's.");
            }
        }
        return CreateTextLoader(ml).Load(path);
    }

    /// <summary>Reads a layout written by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a layout; the message names it.</exception>
    public static ModelInputLayout Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' does not exist; a search writes it beside model.zip.", path);
        }
        try
        {
            ModelInputLayout layout = JsonSerializer.Deserialize<ModelInputLayout>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"'{path}' holds no model input layout.");
            return layout.Columns.Count > 0 ? layout : throw new InvalidDataException($"'{path}' names no input column.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a model input layout: {e.Message}", e);
        }
    }

    /// <summary>Writes the layout as JSON, to a temporary file beside <paramref name="path"/> first and then moved over
    /// it.</summary>
    /// <param name="path">The file (model-input.json).</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, this, Json));
    }

    private static DataKind KindOf(DataViewSchema.Column column) => column.Type switch
    {
        NumberDataViewType n when n == NumberDataViewType.Single => DataKind.Single,
        TextDataViewType => DataKind.String,
        _ => throw new NotSupportedException($"The column '{column.Name}' is loaded as {column.Type}; a model input is Single or text."),
    };
}
