using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
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
        Assert.IsGreaterThanOrEqualTo(0.95, metrics.MicroAccuracy, $"digits micro-accuracy {metrics.MicroAccuracy:F4}");
        Assert.AreEqual("LSTM [8×8] → [32]", model.Model.Network.Layers[0].ToString());
    }

    [TestMethod]
    [DataRow(RecurrentCell.Lstm, true)]
    [DataRow(RecurrentCell.Gru, true)]
    [DataRow(RecurrentCell.SimpleRnn, false)]
    public void StackedCellsTrain(RecurrentCell cell, bool bidirectional)
    {
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "digits", keyLabel: false);
        var options = new LstmOptions { FeaturesPerStep = 8, Cell = cell, Bidirectional = bidirectional, RecurrentUnits = [8, 6], DropoutRate = 0.1f, HiddenLayers = [4], Epochs = 2, Seed = 1 };
        var model = ml.Regression.Trainers.Lstm(options).Fit(train);
        string[] layers = [.. model.Model.Network.Layers.Select(l => l.ToString())];
        int width = bidirectional ? 2 : 1;
        string name = cell switch { RecurrentCell.Lstm => "LSTM", RecurrentCell.Gru => "GRU", _ => "SimpleRNN" };
        string first = bidirectional ? $"Bidirectional [8×8] → [8×{8 * width}]" : $"{name} [8×8] → [8×8]";
        Assert.AreEqual(first, layers[0]);
        Assert.AreEqual($"Dropout [8×{8 * width}] → [8×{8 * width}]", layers[1]);
        Assert.HasCount(7, layers, string.Join(" | ", layers));
        var losses = model.Model.History.Epochs.Select(e => e.Loss).ToArray();
        Assert.IsLessThan(losses[0], losses[1], $"the loss falls: {losses[0]} → {losses[1]}");
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
    public void SequencesOfVaryingLengthTrainScoreAndLoadInAnotherProcess()
    {
        // Digits read column by column, their blank side columns cut off: sequences of 2 to 8 steps of 8 pixels.
        var ml = new MLContext(1);
        var (train, test) = TrimmedDigits(ml);
        Assert.IsFalse(((VectorDataViewType)train.Schema["Features"].Type).IsKnownSize);
        var options = new LstmOptions { FeaturesPerStep = 8, SequencesOfVaryingLength = true, RecurrentUnits = [32], Epochs = 15, LearningRate = 5e-3f, Seed = 1 };
        var trainer = ml.Transforms.Conversion.MapValueToKey("Label", "Digit").Append(ml.MulticlassClassification.Trainers.Lstm(options));
        var model = trainer.Fit(train);
        IDataView scored = model.Transform(test);
        var metrics = ml.MulticlassClassification.Evaluate(scored);

        // Legacy measurement 0.928; the same network on all 8 columns as a known-size vector reached 0.897 in 15 epochs.
        Assert.IsGreaterThanOrEqualTo(0.9, metrics.MicroAccuracy, $"trimmed digits micro-accuracy {metrics.MicroAccuracy:F4}");
        var network = NeuralNetworkModelParameters.From(model);
        Assert.IsTrue(network.ReadsSequencesOfVaryingLength);
        Assert.AreEqual("LSTM [8×8] → [32]", network.Network.Layers[0].ToString(), "padded to the longest training sequence");

        // Every row scores as the network does on it padded, with its length: the padding never matters.
        SequenceRow[] rows = [.. ml.Data.CreateEnumerable<SequenceRow>(test, false)];
        var (padded, lengths) = Pad(rows, 8);
        float[] managed = network.Network.Predict(padded, rows.Length, lengths);
        for (int r = 0; r < rows.Length; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.SoftMax(managed.AsSpan(r * 10, 10), managed.AsSpan(r * 10, 10));
        }

        float[] scores = TrainerData.Scores(scored);
        for (int i = 0; i < managed.Length; i++)
        {
            Assert.AreEqual(managed[i], scores[i], 1e-5, $"score {i}");
        }

        // Same seed, same scores; loaded in another process, identical scores.
        CollectionAssert.AreEqual(scores, TrainerData.Scores(trainer.Fit(train).Transform(test)), "same seed, same scores");
        using var files = new TempFiles();
        CollectionAssert.AreEqual(scores, TrainerData.Scores(ModelHost.ScoreInChildProcess(ml, model, test, files)), "in another process");

        // A prediction engine scores one sequence at a time, as Transform did.
        var engine = ml.Model.CreatePredictionEngine<SequenceRow, ScoreRow>(model);
        float[] single = engine.Predict(rows[3]).Score;
        for (int j = 0; j < 10; j++)
        {
            Assert.AreEqual(scores[30 + j], single[j], 1e-6, $"row 3, class {j}");
        }
    }

    [TestMethod]
    public void SequencesOfVaryingLengthCrossValidate()
    {
        var ml = new MLContext(1);
        var (train, _) = TrimmedDigits(ml);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Digit")
            .Append(ml.MulticlassClassification.Trainers.Lstm(new LstmOptions { FeaturesPerStep = 8, SequencesOfVaryingLength = true, MaximumSequenceLength = 8, RecurrentUnits = [16], Epochs = 3, LearningRate = 1e-2f, Seed = 1 }));
        var folds = ml.MulticlassClassification.CrossValidate(train, pipeline, numberOfFolds: 3, seed: 1);
        Assert.HasCount(3, folds);
        Assert.IsTrue(folds.All(f => f.Metrics.MicroAccuracy > 0.6), $"every fold learns: {string.Join(", ", folds.Select(f => f.Metrics.MicroAccuracy.ToString("F3")))}");
    }

    [TestMethod]
    public void SequencesOfVaryingLengthThatDoNotFitAreNamed()
    {
        var ml = new MLContext(1);
        var (train, _) = TrimmedDigits(ml);
        var trainer = ml.Transforms.Conversion.MapValueToKey("Label", "Digit")
            .Append(ml.MulticlassClassification.Trainers.Lstm(new LstmOptions { FeaturesPerStep = 8, SequencesOfVaryingLength = true, Epochs = 1, MaximumSequenceLength = 6 }));
        var tooLong = Assert.ThrowsExactly<InvalidDataException>(() => trainer.Fit(train));
        StringAssert.Contains(tooLong.Message, "Feature column 'Features', row ");
        StringAssert.Contains(tooLong.Message, "steps; the network takes at most 6");

        var model = ml.Transforms.Conversion.MapValueToKey("Label", "Digit")
            .Append(ml.MulticlassClassification.Trainers.Lstm(new LstmOptions { FeaturesPerStep = 8, SequencesOfVaryingLength = true, RecurrentUnits = [4], Epochs = 1 })).Fit(train);
        IDataView bad = ml.Data.LoadFromEnumerable<SequenceRow>([new() { Features = new float[16], Digit = 1 }, new() { Features = new float[12], Digit = 2 }]);
        var ragged = Assert.ThrowsExactly<InvalidDataException>(() => TrainerData.Scores(model.Transform(bad)));
        StringAssert.Contains(ragged.Message, "The sequence holds 12 values; the network takes whole steps of 8 values, 1 to 8 steps");
        IDataView longer = ml.Data.LoadFromEnumerable<SequenceRow>([new() { Features = new float[72], Digit = 1 }]);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => TrainerData.Scores(model.Transform(longer))).Message, "The sequence holds 72 values");

        // Without SequencesOfVaryingLength the trainers want a known-size vector, and say so as ML.NET's trainers do.
        var fixedSize = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Conversion.MapValueToKey("Label", "Digit").Append(ml.MulticlassClassification.Trainers.Lstm(featuresPerStep: 8)).Fit(train));
        StringAssert.Contains(fixedSize.Message, "feature column 'Features': expected Vector<Single>, got VarVector<Single>");
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

    private sealed class SequenceRow
    {
        public float[] Features { get; set; } = [];

        public float Digit { get; set; }
    }

    private sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }
}
