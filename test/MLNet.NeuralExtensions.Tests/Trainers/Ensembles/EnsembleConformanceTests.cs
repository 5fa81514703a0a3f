using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Ensembles;

/// <summary>What every ensemble passes as an ML.NET trainer, for each method and task, over our Mlp mixed with ML.NET's
/// trees and linear models: the promised schema, ML.NET's prediction transformer over the typed model, seeds, a second
/// process, the prediction engine, and one ONNX graph scored by ONNX Runtime.</summary>
[TestClass]
public sealed class EnsembleConformanceTests
{
    public static IEnumerable<object[]> Cases => EnsembleCases.All;

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void SchemaSeedsSecondProcessPredictionEngineAndOnnxAgree(string method, string task, string[] outputs)
    {
        var ml = new MLContext(1);
        var (train, test) = EnsembleCases.Split(ml, task);
        IEstimator<ITransformer> ensemble = EnsembleCases.Ensemble(ml, method, task);

        // The estimator's promise is what the fitted transformer produces: ML.NET's prediction transformer of the task over
        // the task's ensemble model.
        SchemaShape promised = ensemble.GetOutputSchema(Shape(train.Schema));
        ITransformer model = ensemble.Fit(train);
        IDataView scored = model.Transform(test);
        foreach (string column in outputs)
        {
            SchemaShape.Column shape = promised.Single(c => c.Name == column);
            DataViewType type = scored.Schema[column].Type;
            DataViewType item = (type as VectorDataViewType)?.ItemType ?? type;
            Assert.AreEqual(shape.ItemType.RawType, item.RawType, $"{column}'s type");
            Assert.AreEqual(shape.IsKey, item is KeyDataViewType, $"{column} is a key");
        }

        Assert.IsInstanceOfType(model, task switch
        {
            "binary" => typeof(BinaryPredictionTransformer<EnsembleBinaryModelParameters>),
            "multiclass" => typeof(MulticlassPredictionTransformer<EnsembleMulticlassModelParameters>),
            _ => typeof(RegressionPredictionTransformer<EnsembleRegressionModelParameters>),
        });
        var ensembleModel = ((ISingleFeaturePredictionTransformer<EnsembleModelParameters>)model).Model;
        Assert.HasCount(3, ensembleModel.Members);

        // A missing feature column is named.
        IDataView noFeatures = ml.Transforms.DropColumns("Features").Fit(train).Transform(train);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ensemble.Fit(noFeatures)).Message, "Features");

        // The same MLContext seed, the same ensemble; another, other members.
        float[] scores = TrainerData.Scores(scored);
        float[] Fitted(int seed, Func<ITransformer, IDataView> scoredBy)
        {
            var context = new MLContext(seed);
            IDataView contextTrain = EnsembleCases.Split(context, task).Train;
            return TrainerData.Scores(scoredBy(EnsembleCases.Ensemble(context, method, task).Fit(contextTrain)));
        }

        CollectionAssert.AreEqual(scores, Fitted(1, m => m.Transform(test)), "same MLContext seed, same scores");
        // (Bagging's members read samples of the features and score through the ensemble; the others' first member, our
        // Mlp, takes its seed from the MLContext.)
        Func<ITransformer, IDataView> changed = method == "bagging" ? m => m.Transform(test) : m => ((ISingleFeaturePredictionTransformer<EnsembleModelParameters>)m).Model.Members[0].Transform(test);
        CollectionAssert.AreNotEqual(TrainerData.Scores(changed(model)), Fitted(2, changed), "another MLContext seed, other members");

        // Saved here, loaded in another process with no call into the package: identical outputs.
        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, model, test, files);
        foreach (string column in outputs)
        {
            if (column == "PredictedLabel")
            {
                CollectionAssert.AreEqual(EnsembleCases.Labels(scored), EnsembleCases.Labels(child), "PredictedLabel in the second process");
            }
            else
            {
                CollectionAssert.AreEqual(TrainerData.Scores(scored, column), TrainerData.Scores(child, column), $"{column} in the second process");
            }
        }

        // One row at a time, as the batch.
        IDataView features = EnsembleOnnx.FeaturesOnly(ml, test);
        float[] single = [.. PredictionEngineScores(ml, model, features)];
        Assert.HasCount(scores.Length, single);
        for (int i = 0; i < scores.Length; i++)
        {
            Assert.AreEqual(scores[i], single[i], 1e-6, $"prediction engine, value {i}");
        }

        // One ONNX graph through ConvertToOnnx, scored by ApplyOnnxModel as the ensemble scores (onnx.checker:
        // EnsembleOnnxTests, since ML.NET's own LightGbm multiclass graph does not pass it).
        string path = files.PathOf($"{method}-{task}.onnx");
        IDataView onnx = EnsembleOnnx.ScoreThroughOnnx(ml, model, features, path);
        EnsembleOnnxTests.AssertSameOutputs(scored, onnx, outputs);
    }

    // ML.NET's SchemaShape of a schema (SchemaShape.Create is ML.NET's friends').
    private static SchemaShape Shape(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, [typeof(DataViewSchema)])!
            .Invoke(null, [schema])!;

    // The Score of every row through ML.NET's prediction engine.
    private static IEnumerable<float> PredictionEngineScores(MLContext ml, ITransformer model, IDataView features)
    {
        int size = ((VectorDataViewType)features.Schema["Features"].Type).Size;
        SchemaDefinition input = SchemaDefinition.Create(typeof(EnsembleOnnx.FeatureRow));
        input[nameof(EnsembleOnnx.FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        EnsembleOnnx.FeatureRow[] rows = [.. ml.Data.CreateEnumerable<EnsembleOnnx.FeatureRow>(features, false)];
        if (model.GetOutputSchema(features.Schema)["Score"].Type is VectorDataViewType)
        {
            var engine = ml.Model.CreatePredictionEngine<EnsembleOnnx.FeatureRow, VectorScore>(model, inputSchemaDefinition: input);
            return rows.SelectMany(r => engine.Predict(r).Score);
        }

        var scalar = ml.Model.CreatePredictionEngine<EnsembleOnnx.FeatureRow, ScalarScore>(model, inputSchemaDefinition: input);
        return rows.Select(r => scalar.Predict(r).Score);
    }

    private sealed class ScalarScore
    {
        public float Score { get; set; }
    }

    private sealed class VectorScore
    {
        public float[] Score { get; set; } = [];
    }
}
