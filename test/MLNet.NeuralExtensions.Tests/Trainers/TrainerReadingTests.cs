using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers;

[TestClass]
public sealed class TrainerReadingTests
{
    [TestMethod]
    public void ATextFileAndItsTransformsAreReadInOnePassAndTrainAsTheirCache()
    {
        var ml = new MLContext(1);
        IDataView raw = ml.Data.LoadFromTextFile(Path.Combine("TestData", "spam.csv"),
            [
                new TextLoader.Column("Features", DataKind.Single, 0, 56),
                new TextLoader.Column("Raw", DataKind.String, 57),
                new TextLoader.Column("Weight", DataKind.Single, 54), // capital_run_length_average, at least 1
            ],
            separatorChar: ',', hasHeader: true, allowQuoting: true);
        IDataView prepared = TrainerData.Preparation(ml, "spam").Fit(raw).Transform(raw);
        var options = new MlpOptions { HiddenLayers = [8], Epochs = 2, BatchSize = 64, Seed = 3, ExampleWeightColumnName = "Weight" };

        var counting = new CursorCountingDataView(prepared);
        Assert.IsNull(counting.GetRowCount(), "the text loader does not know its row count");
        var fromText = ml.BinaryClassification.Trainers.Mlp(options).Fit(counting);
        Assert.AreEqual(1, counting.Cursors, "features, label and weight are read with one cursor");

        var fromCache = ml.BinaryClassification.Trainers.Mlp(options).Fit(ml.Data.Cache(prepared));
        float[][] Weights(NeuralNetworkModelParameters model) => [.. model.Network.Parameters.Select(p => p.Value.Span.ToArray())];
        float[][] expected = Weights(fromCache.Model), actual = Weights(fromText.Model);
        Assert.AreEqual(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            CollectionAssert.AreEqual(expected[i], actual[i], $"parameter {i} is the same trained from the file as from its cache");
        }
    }
}
