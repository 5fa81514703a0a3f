using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Tests.DataPrep;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers;

[TestClass]
public sealed class LstmTrainerTests
{
    [TestMethod]
    public void DigitsReadRowByRowMicroAccuracy()
    {
        // Each digit is a sequence of its 8 pixel rows, 8 values each.
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "digits", keyLabel: true);
        var model = ml.MulticlassClassification.Trainers.Lstm(new LstmOptions { FeaturesPerStep = 8, RecurrentUnits = [32], Epochs = 15, LearningRate = 5e-3f, Seed = 1 }).Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.IsTrue(metrics.MicroAccuracy >= 0.95, $"digits micro-accuracy {metrics.MicroAccuracy:F4}");
        Assert.AreEqual("LSTM [8×8] → [32]", model.Model.Network.Layers[0].ToString());
    }

    [TestMethod]
    [DataRow(RecurrentCell.Lstm, true)]
    [DataRow(RecurrentCell.Gru, true)]
    [DataRow(RecurrentCell.SimpleRnn, false)]
    public void StackedCellsTrainAndExport(RecurrentCell cell, bool bidirectional)
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "digits", keyLabel: false);
        var options = new LstmOptions { FeaturesPerStep = 8, Cell = cell, Bidirectional = bidirectional, RecurrentUnits = [8, 6], DropoutRate = 0.1f, HiddenLayers = [4], Epochs = 2, Seed = 1 };
        var model = ml.Regression.Trainers.Lstm(options).Fit(train);
        string[] layers = [.. model.Model.Network.Layers.Select(l => l.ToString())];
        int width = bidirectional ? 2 : 1;
        string name = cell switch { RecurrentCell.Lstm => "LSTM", RecurrentCell.Gru => "GRU", _ => "SimpleRNN" };
        string first = bidirectional ? $"Bidirectional [8×8] → [8×{8 * width}]" : $"{name} [8×8] → [8×8]";
        Assert.AreEqual(first, layers[0]);
        Assert.AreEqual($"Dropout [8×{8 * width}] → [8×{8 * width}]", layers[1]);
        Assert.AreEqual(7, layers.Length, string.Join(" | ", layers));
        var losses = model.Model.History.Epochs.Select(e => e.Loss).ToArray();
        Assert.IsTrue(losses[1] < losses[0], $"the loss falls: {losses[0]} → {losses[1]}");

        float[] features = [.. ml.Data.CreateEnumerable<TrainerConformanceTests.FeatureRow>(test, false).SelectMany(r => r.Features)];
        int rows = features.Length / 64;
        float[] managed = new NetworkScorer(model.Model.Network, ScoringBackend.Managed).Score(features, rows);
        float[] onnx = (float[])PipelineChecks.ScoreExported(ml, model, train, "Features", features, 64)["Score.output"].Data;
        for (int i = 0; i < rows; i++)
        {
            Assert.AreEqual(managed[i], onnx[i], 1e-4, $"row {i}: ONNX Runtime and the managed engine agree");
        }
    }

    [TestMethod]
    public void StepsThatDoNotDivideTheVectorAreNamed()
    {
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "digits", keyLabel: true);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.Lstm(featuresPerStep: 5).Fit(train));
        StringAssert.Contains(error.Message, "'Features' holds 64 values per row, which is not a whole number of steps of 5 features");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.Lstm(new LstmOptions { RecurrentUnits = [] }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.Lstm(new LstmOptions { DropoutRate = 1f }));
    }

    [TestMethod]
    public void SequencesOfVaryingLengthTrainScoreSaveAndExport()
    {
        // Digits read column by column, their blank side columns cut off: sequences of 2 to 8 steps of 8 pixels.
        var ml = new MLContext(1);
        var (train, test) = TrimmedDigits(ml);
        Assert.IsFalse(((VectorDataViewType)train.Schema["Features"].Type).IsKnownSize);
        var options = new LstmOptions { FeaturesPerStep = 8, RecurrentUnits = [32], Epochs = 15, LearningRate = 5e-3f, Seed = 1 };
        var trainer = ml.Transforms.Conversion.MapValueToKey("Label", "Digit").Append(ml.MulticlassClassification.Trainers.Lstm(options));
        var (model, _) = PipelineChecks.FitKeepingPromise(trainer, train, test, ["Score", "PredictedLabel"]);
        IDataView scored = model.Transform(test);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        // Measured 0.928; the same network on all 8 columns as a known-size vector reaches 0.897 in 15 epochs.
        Assert.IsGreaterThanOrEqualTo(0.92, metrics.MicroAccuracy, $"trimmed digits micro-accuracy {metrics.MicroAccuracy:F4}");
        var network = NeuralNetworkModelParameters.From(model);
        Assert.IsTrue(network.ReadsSequencesOfVaryingLength);
        Assert.AreEqual("LSTM [8×8] → [32]", network.Network.Layers[0].ToString(), "padded to the longest training sequence");
        Assert.AreEqual(ScoringBackend.OnnxRuntime, network.ActiveBackend);

        // ONNX Runtime (the active backend) scores as the managed engine does on the same padded rows.
        SequenceRow[] rows = [.. ml.Data.CreateEnumerable<SequenceRow>(test, false)];
        var (padded, lengths) = Pad(rows, 8);
        float[] managed = network.Network.Predict(padded, rows.Length, lengths);
        float[] scores = TrainerConformanceTests.Scores(scored);
        for (int r = 0; r < rows.Length; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.SoftMax(managed.AsSpan(r * 10, 10), managed.AsSpan(r * 10, 10));
        }

        for (int i = 0; i < managed.Length; i++)
        {
            Assert.AreEqual(managed[i], scores[i], 1e-4, $"score {i}");
        }

        // Same seed, same scores; save → load → identical scores.
        CollectionAssert.AreEqual(scores, TrainerConformanceTests.Scores(trainer.Fit(train).Transform(test)), "same seed, same scores");
        CollectionAssert.AreEqual(scores, TrainerConformanceTests.Scores(PipelineChecks.SaveAndLoad(ml, model, train).Transform(test)), "after save and load");

        // The exported pipeline reads the padded rows with their lengths in values ("Features.length").
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model.LastTransformer, ml.Transforms.SelectColumns("Features").Fit(test).Transform(test), stream);
        using var scorer = new OnnxScorer(stream.ToArray());
        CollectionAssert.AreEquivalent(new[] { "Features", "Features.length" }, scorer.Inputs.Select(i => i.Name).ToArray());
        var exported = scorer.Run(new Dictionary<string, OnnxTensor>
        {
            ["Features"] = OnnxTensor.Create(padded, rows.Length, 64),
            ["Features.length"] = OnnxTensor.Create(lengths.Select(l => l * 8).ToArray(), rows.Length),
        });
        float[] onnxScores = exported["Score.output"].GetData<float>();
        for (int i = 0; i < managed.Length; i++)
        {
            Assert.AreEqual(managed[i], onnxScores[i], 1e-4, $"exported score {i}");
        }

        // ApplyOnnxModel feeds the column padded batch by batch, with its row lengths.
        using var files = new TempFiles();
        File.WriteAllBytes(files.PathOf("varying.onnx"), stream.ToArray());
        IDataView applied = ml.Transforms.ApplyOnnxModel(files.PathOf("varying.onnx")).Fit(test).Transform(test);
        float[] appliedScores = [.. ml.Data.CreateEnumerable<OnnxScoreRow>(applied, false).SelectMany(r => r.Score)];
        Assert.HasCount(managed.Length, appliedScores);
        for (int i = 0; i < managed.Length; i++)
        {
            Assert.AreEqual(managed[i], appliedScores[i], 1e-4, $"ApplyOnnxModel score {i}");
        }

        // A prediction engine scores one sequence at a time, as the batch did.
        var engine = ml.Model.CreatePredictionEngine<SequenceRow, ScoreRow>(model);
        float[] single = engine.Predict(rows[3]).Score;
        for (int j = 0; j < 10; j++)
        {
            Assert.AreEqual(scores[30 + j], single[j], 1e-5, $"row 3, class {j}");
        }
    }

    [TestMethod]
    public void AnExportedPipelineOverSequencesOfVaryingLengthPassesOnnxChecker()
    {
        OnnxChecker.RequireOnnxPackage();
        var ml = new MLContext(1);
        var (train, _) = TrimmedDigits(ml);
        var options = new LstmOptions { FeaturesPerStep = 8, RecurrentUnits = [4, 3], Bidirectional = true, Cell = RecurrentCell.Gru, Epochs = 1 };
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "Digit").Append(ml.MulticlassClassification.Trainers.Lstm(options)).Fit(train);
        using var files = new TempFiles();
        using (FileStream file = File.Create(files.PathOf("varying.onnx")))
        {
            ml.Model.ConvertToOnnx(model.LastTransformer, ml.Transforms.SelectColumns("Features").Fit(train).Transform(train), file);
        }

        var (exitCode, output) = OnnxChecker.RunChecker(files.Root);
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "1 of 1 models pass");
    }

    [TestMethod]
    public void SequencesOfVaryingLengthCrossValidate()
    {
        var ml = new MLContext(1);
        var (train, _) = TrimmedDigits(ml);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Digit")
            .Append(ml.MulticlassClassification.Trainers.Lstm(new LstmOptions { FeaturesPerStep = 8, RecurrentUnits = [16], Epochs = 3, LearningRate = 1e-2f, Seed = 1 }));
        var folds = ml.MulticlassClassification.CrossValidate(train, pipeline, numberOfFolds: 3, seed: 1);
        Assert.HasCount(3, folds);
        Assert.IsTrue(folds.All(f => f.Metrics.MicroAccuracy > 0.6), $"every fold learns: {string.Join(", ", folds.Select(f => f.Metrics.MicroAccuracy.ToString("F3")))}");
    }

    [TestMethod]
    public void SequencesOfVaryingLengthThatDoNotFitAreNamedByRow()
    {
        var ml = new MLContext(1);
        var (train, _) = TrimmedDigits(ml);
        var trainer = ml.Transforms.Conversion.MapValueToKey("Label", "Digit").Append(ml.MulticlassClassification.Trainers.Lstm(new LstmOptions { FeaturesPerStep = 8, Epochs = 1, MaximumSequenceLength = 6 }));
        var tooLong = Assert.ThrowsExactly<InvalidDataException>(() => trainer.Fit(train));
        StringAssert.Contains(tooLong.Message, "Feature column 'Features', row ");
        StringAssert.Contains(tooLong.Message, "steps; the network takes at most 6");

        var model = ml.Transforms.Conversion.MapValueToKey("Label", "Digit").Append(ml.MulticlassClassification.Trainers.Lstm(new LstmOptions { FeaturesPerStep = 8, RecurrentUnits = [4], Epochs = 1 })).Fit(train);
        IDataView bad = ml.Data.LoadFromEnumerable<SequenceRow>([new() { Features = new float[16], Digit = 1 }, new() { Features = new float[12], Digit = 2 }]);
        var ragged = Assert.ThrowsExactly<InvalidDataException>(() => TrainerConformanceTests.Scores(model.Transform(bad)));
        StringAssert.Contains(ragged.Message, "Feature column 'Features', row 1: the sequence holds 12 values, which is not a whole number (at least 1) of steps of 8 values");
        IDataView longer = ml.Data.LoadFromEnumerable<SequenceRow>([new() { Features = new float[72], Digit = 1 }]);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => TrainerConformanceTests.Scores(model.Transform(longer))).Message, "row 0: the sequence has 9 steps; the network takes at most 8");

        // A trainer that cannot read sequences of varying length names the type it needs.
        var mlp = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Conversion.MapValueToKey("Label", "Digit").Append(ml.MulticlassClassification.Trainers.Mlp()).Fit(train));
        StringAssert.Contains(mlp.Message, "Vector<Single> of a known size");
    }

    /// <summary>The digits as sequences of their pixel columns, left to right (8 pixels each, scaled to [0, 1]), without
    /// the blank columns beside the digit: 2 to 8 steps. Split 80/20 in file order.</summary>
    private static (IDataView Train, IDataView Test) TrimmedDigits(MLContext ml)
    {
        var rows = ml.Data.CreateEnumerable<DigitRow>(TrainerData.Raw(ml, "digits"), false).Select(d =>
        {
            float[] columns = [.. Enumerable.Range(0, 64).Select(i => d.Features[((i % 8) * 8) + (i / 8)] / 16f)];
            int first = 0, last = 7;
            while (first < last && columns.AsSpan(first * 8, 8).IndexOfAnyExcept(0f) < 0)
            {
                first++;
            }

            while (last > first && columns.AsSpan(last * 8, 8).IndexOfAnyExcept(0f) < 0)
            {
                last--;
            }

            return new SequenceRow { Features = columns[(first * 8)..((last + 1) * 8)], Digit = d.Raw };
        }).ToArray();
        Assert.AreEqual(7, rows.Select(r => r.Features.Length).Distinct().Count(), "the sequences have 2 to 8 steps");
        int cut = rows.Length * 4 / 5;
        return (ml.Data.LoadFromEnumerable(rows[..cut]), ml.Data.LoadFromEnumerable(rows[cut..]));
    }

    private static (float[] Padded, int[] Lengths) Pad(SequenceRow[] rows, int steps)
    {
        var padded = new float[rows.Length * steps * 8];
        for (int r = 0; r < rows.Length; r++)
        {
            rows[r].Features.CopyTo(padded, r * steps * 8);
        }

        return (padded, [.. rows.Select(r => r.Features.Length / 8)]);
    }

    private sealed class DigitRow
    {
        public float[] Features { get; set; } = [];

        public float Raw { get; set; }
    }

    public sealed class SequenceRow
    {
        public float[] Features { get; set; } = [];

        public float Digit { get; set; }
    }

    public sealed class OnnxScoreRow
    {
        [ColumnName("Score.output")]
        public float[] Score { get; set; } = [];
    }

    public sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }
}
