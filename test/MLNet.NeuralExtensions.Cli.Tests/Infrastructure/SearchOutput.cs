using Microsoft.ML;
using MLNet.NeuralExtensions.ModelSearch.CodeGeneration;

namespace MLNet.NeuralExtensions.Cli.Tests.Infrastructure;

/// <summary>A search's output folder, read back as an application would: model.zip loaded by ML.NET, the rows loaded
/// through model-input.json.</summary>
internal sealed class SearchOutput(string folder)
{
    public string Folder { get; } = folder;

    public string ModelPath => Path.Combine(Folder, "model.zip");

    /// <summary>The model's predictions of <paramref name="dataset"/>.</summary>
    public IDataView Score(MLContext ml, string dataset)
    {
        ITransformer model = ml.Model.Load(ModelPath, out _);
        ModelInputLayout layout = ModelInputLayout.Load(Path.Combine(Folder, ModelInputLayout.FileName));
        return model.Transform(layout.Load(ml, dataset));
    }

    /// <summary>The rows of <paramref name="view"/>.</summary>
    public static long Count(IDataView view)
    {
        long n = 0;
        using DataViewRowCursor cursor = view.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            n++;
        }
        return n;
    }

    /// <summary>The data rows of a CSV file with a header.</summary>
    public static long Rows(string csv) => File.ReadLines(csv).Skip(1).Count(l => l.Length > 0);
}
