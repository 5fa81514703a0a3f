using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Tests.Trainers.Ensembles;

/// <summary>Exports a fitted model with ML.NET's <c>ConvertToOnnx</c> as a user would, and scores it back with ML.NET's
/// <c>ApplyOnnxModel</c> (ONNX Runtime).</summary>
internal static class EnsembleOnnx
{
    /// <summary>A data view holding only <paramref name="data"/>'s feature vectors, as its own source, so that the exported
    /// graph's one input is "Features" (the converter follows a view's transforms back to its source).</summary>
    public static IDataView FeaturesOnly(MLContext ml, IDataView data)
    {
        int size = ((VectorDataViewType)data.Schema["Features"].Type).Size;
        SchemaDefinition definition = SchemaDefinition.Create(typeof(FeatureRow));
        definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return ml.Data.LoadFromEnumerable([.. data.GetColumn<float[]>("Features").Select(f => new FeatureRow { Features = f })], definition);
    }

    /// <summary>Converts <paramref name="model"/> over <paramref name="features"/> into <paramref name="path"/> and scores
    /// <paramref name="features"/> with the file; the outputs come back under the pipeline's column names.</summary>
    public static IDataView ScoreThroughOnnx(MLContext ml, ITransformer model, IDataView features, string path)
    {
        using (FileStream stream = File.Create(path))
        {
            ml.Model.ConvertToOnnx(model, features, stream);
        }

        return ml.Transforms.ApplyOnnxModel(path).Fit(features).Transform(features);
    }

    /// <summary>Asserts that <paramref name="path"/> passes onnx.checker's full check (Debian's python3-onnx, through
    /// eng/onnx/check_models.py). ML.NET's converter writes the slot names of a multiclass Score (the label's key values)
    /// as a LabelEncoder node whose output it declares of shape [-1, 1], which onnx.checker 1.12's shape inference
    /// rejects, for ML.NET's own multiclass models too (LightGbm alone fails the same way); that node, its output and its
    /// initializer ("mlnet.Score.*") are removed from the copy that is checked.</summary>
    public static void AssertPassesChecker(string path)
    {
        string folder = Path.Combine(Path.GetDirectoryName(path)!, "checked-" + Path.GetFileNameWithoutExtension(path));
        Directory.CreateDirectory(folder);
        string copy = Path.Combine(folder, Path.GetFileName(path));
        var (code, output) = Python("-c", """
            import sys, onnx
            m = onnx.load(sys.argv[1]); g = m.graph
            ours = lambda name: name.startswith("mlnet.")
            kept = [n for n in g.node if not any(ours(x) for x in list(n.input) + list(n.output))]
            del g.node[:]; g.node.extend(kept)
            for field in (g.output, g.initializer, g.value_info, g.input):
                kept = [x for x in field if not ours(x.name)]
                del field[:]; field.extend(kept)
            onnx.save(m, sys.argv[2])
            """, path, copy);
        Assert.AreEqual(0, code, output);
        (code, output) = Python(Path.Combine(RepositoryRoot(), "eng", "onnx", "check_models.py"), folder);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "1 of 1 models pass");
    }

    private static (int Code, string Output) Python(params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MLNet.NeuralExtensions.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"No repository root above {AppContext.BaseDirectory}.");
    }

    /// <summary>One row's features.</summary>
    public sealed class FeatureRow
    {
        /// <summary>Gets or sets the feature vector.</summary>
        public float[] Features { get; set; } = [];
    }
}
