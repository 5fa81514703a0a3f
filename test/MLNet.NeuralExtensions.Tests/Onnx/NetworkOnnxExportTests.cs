using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Onnx;

/// <summary>Networks inside the graph ML.NET's converter writes for a whole pipeline (<c>ml.Model.ConvertToOnnx</c>),
/// scored back by ML.NET's <c>ApplyOnnxModel</c> (ONNX Runtime), at every opset the converter writes.</summary>
[TestClass]
public sealed class NetworkOnnxExportTests
{
    private const double Tolerance = 1e-4;

    public static IEnumerable<object[]> Opsets => [[9], [10], [11], [12]];

    [TestMethod]
    [DynamicData(nameof(Opsets))]
    public void AnMlpAfterMLNetsTransformsScoresTheSameThroughApplyOnnxModel(int opset)
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(1);
        string[] colors = ["red", "green", "blue"];
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(_ =>
        {
            float a = random.NextSingle() * 10, b = random.NextSingle();
            string color = colors[random.Next(3)];
            return new TabularRow { Color = color, A = a, B = b, Label = (a / 10) + b + (color == "red" ? 0.5f : 0f) > 1.2f };
        }).ToList());
        var model = ml.Transforms.Categorical.OneHotEncoding("ColorVector", "Color")
            .Append(ml.Transforms.Concatenate("Features", "ColorVector", "A", "B"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            // Scored by the engine, so that ONNX Runtime is compared with it.
            .Append(ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [8], Epochs = 30, ScoringBackend = ScoringBackend.Managed }))
            // ML.NET's converter declares the slot names of these columns as graph outputs of shape [-1 × 1] holding a
            // [1 × 1] value, which onnx.checker's full check rejects; the scores do not need them.
            .Append(ml.Transforms.DropColumns("ColorVector", "Features"))
            .Fit(data);

        using var files = new TempFiles();
        IDataView scored = ScoreThroughOnnx(ml, model, data, opset, files);
        IDataView expected = model.Transform(data);
        AssertClose(expected.GetColumn<float>("Score"), scored.GetColumn<float[]>("Score"), "Score");
        AssertClose(expected.GetColumn<float>("Probability"), scored.GetColumn<float[]>("Probability"), "Probability");
        CollectionAssert.AreEqual(expected.GetColumn<bool>("PredictedLabel").ToArray(), scored.GetColumn<bool[]>("PredictedLabel").Select(p => p.Single()).ToArray());
    }

    public static IEnumerable<object[]> Networks() =>
    [
        ["MLP", (Func<Sequential>)(() => new(new Dense(8, ActivationFunction.Gelu), new BatchNormalization(), new Dropout(0.2f), new Dense(4, ActivationFunction.Softmax),
            new LayerNormalization(), new Dense(1))), new TensorShape(6)],
        ["CNN", (Func<Sequential>)(() => new(new Conv2D(3, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2), new Conv2D(2, 2, dilationRate: 1),
            new GlobalAveragePooling(), new Dense(1))), new TensorShape(1, 6, 6)],
        ["Stacked LSTM and GRU", (Func<Sequential>)(() => new(new Lstm(4, returnSequences: true), new LayerNormalization(), new Gru(3), new Dense(1))), new TensorShape(5, 2)],
        ["Embedding, SimpleRNN", (Func<Sequential>)(() => new(new Embedding(7, 3), new SimpleRnn(4, ActivationFunction.LeakyReLU(0.1f), returnSequences: true), new Flatten(), new Dense(1))),
            new TensorShape(4)],
        ["Bidirectional", (Func<Sequential>)(() => new(new Bidirectional(new Gru(3, returnSequences: true)), new Lstm(2, goBackwards: true), new Dense(1))), new TensorShape(5, 2)],
    ];

    [TestMethod]
    [DynamicData(nameof(Networks))]
    public void NetworksOfEveryKindScoreTheSameThroughApplyOnnxModelAtEachOpset(string name, Func<Sequential> create, TensorShape shape)
    {
        var ml = new MLContext(seed: 1);
        Sequential network = create();
        network.Build(shape, seed: 2);
        var random = new Random(3);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(_ => new NetworkRow
        {
            Features = [.. Enumerable.Range(0, shape.Size).Select(_ => network.Layers[0] is Embedding e ? random.Next(e.InputDimension) : (random.NextSingle() * 2) - 1)],
        }).ToList(), FeaturesOfSize(shape.Size));
        ITransformer model = Scorer(ml, network, data.Schema);
        float[] expected = [.. model.Transform(data).GetColumn<float>("Score")];

        using var files = new TempFiles();
        bool reversesSteps = network.Layers.Any(l => l is Bidirectional or RecurrentLayer { GoBackwards: true });
        foreach (int opset in Opsets.Select(o => (int)o[0]).Where(o => o >= (reversesSteps ? 10 : 9)))
        {
            IDataView scored = ScoreThroughOnnx(ml, model, data, opset, files);
            AssertClose(expected, scored.GetColumn<float[]>("Score"), $"{name} at opset {opset}");
        }
    }

    [TestMethod]
    public void ALayerThatNeedsALaterOpsetFailsTheConversionNamingItAndBothOpsets()
    {
        var ml = new MLContext(seed: 1);
        var network = new Sequential(new Lstm(3, returnSequences: true), new Lstm(2, goBackwards: true), new Dense(1));
        network.Build(new TensorShape(4, 2), seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new NetworkRow { Features = new float[8] } }, FeaturesOfSize(8));
        ITransformer model = Scorer(ml, network, data.Schema);
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(model, data, 9, new MemoryStream()));
        Assert.AreEqual("Layer 1 (LSTM): Going backwards over the steps (Slice with negative steps, ReverseSequence) needs ONNX opset 10 or later; the graph is written for opset 9.", ex.Message);
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, data, 10, stream);
        Assert.IsGreaterThan(0, stream.Length);
    }

    [TestMethod]
    public void CanEmitGivesTheReasonALayerCannotBeWrittenAtAnOpset()
    {
        var backwards = new Sequential(new Lstm(3, returnSequences: true), new Lstm(2, goBackwards: true), new Dense(1));
        backwards.Build(new TensorShape(4, 2), seed: 1);
        Assert.IsFalse(NetworkOnnxExport.CanEmit(backwards, 9, withSequenceLengths: true, out string? reason));
        Assert.AreEqual("Layer 1 (LSTM): Going backwards over the steps (Slice with negative steps, ReverseSequence) needs ONNX opset 10 or later; the graph is written for opset 9.", reason);
        Assert.IsTrue(NetworkOnnxExport.CanEmit(backwards, 10, withSequenceLengths: true, out reason));
        Assert.IsNull(reason);

        var gelu = new Sequential(new SimpleRnn(2, ActivationFunction.Gelu), new Dense(1));
        gelu.Build(new TensorShape(3, 2), seed: 1);
        Assert.IsFalse(NetworkOnnxExport.CanEmit(gelu, 12, withSequenceLengths: false, out reason));
        StringAssert.StartsWith(reason, "Layer 0 (SimpleRNN): SimpleRNN with the Gelu activation cannot be exported");

        var convolution = new Sequential(new Conv1D(2, 2), new GlobalAveragePooling(), new Dense(1));
        convolution.Build(new TensorShape(1, 4), seed: 1);
        Assert.IsTrue(NetworkOnnxExport.CanEmit(convolution, 9, withSequenceLengths: false, out _));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => NetworkOnnxExport.CanEmit(convolution, 12, withSequenceLengths: true, out _)).Message,
            "cannot take sequence lengths");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => NetworkOnnxExport.CanEmit(convolution, 18, withSequenceLengths: false, out _));
    }

    // Converts the model as a user would, checks the file with onnx.checker and scores the data with ML.NET's
    // ApplyOnnxModel. The converter names the graph's outputs "<column>.output"; ApplyOnnxModel strips the suffix, so
    // they come back under the pipeline's column names.
    private static IDataView ScoreThroughOnnx(MLContext ml, ITransformer model, IDataView data, int opset, TempFiles files)
    {
        string path = files.PathOf($"opset{opset}.onnx");
        using (FileStream stream = File.Create(path))
        {
            ml.Model.ConvertToOnnx(model, data, opset, stream);
        }

        OnnxChecker.RequireOnnxPackage();
        string folder = files.PathOf($"check{opset}");
        Directory.CreateDirectory(folder);
        File.Copy(path, Path.Combine(folder, "model.onnx"));
        OnnxChecker.AssertAllPass(folder, 1);
        return ml.Transforms.ApplyOnnxModel(path).Fit(data).Transform(data);
    }

    // ML.NET's binary scorer around a given network, scored by the engine: the trainers build their own architectures,
    // and the prediction transformer's constructor is ML.NET's friends'.
    private static ITransformer Scorer(MLContext ml, Sequential network, DataViewSchema schema)
    {
        var parameters = new NeuralNetworkBinaryModelParameters(ml, network, new TrainingHistory([], 0, false, false),
            new ScoringSettings(ScoringBackend.Managed, null, null), readsSequencesOfVaryingLength: false);
        ConstructorInfo constructor = typeof(BinaryPredictionTransformer<NeuralNetworkBinaryModelParameters>).GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance,
            [typeof(IHostEnvironment), typeof(NeuralNetworkBinaryModelParameters), typeof(DataViewSchema), typeof(string), typeof(float), typeof(string)])!;
        return (ITransformer)constructor.Invoke([ml, parameters, schema, "Features", 0f, "Score"]);
    }

    // The feature column's size is the network's.
    private static SchemaDefinition FeaturesOfSize(int size)
    {
        SchemaDefinition definition = Microsoft.ML.Data.SchemaDefinition.Create(typeof(NetworkRow));
        definition[nameof(NetworkRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return definition;
    }

    private static void AssertClose(IEnumerable<float> expected, IEnumerable<float[]> actual, string what)
    {
        float[] e = [.. expected];
        float[][] a = [.. actual];
        Assert.HasCount(e.Length, a, what);
        for (int i = 0; i < e.Length; i++)
        {
            Assert.HasCount(1, a[i], $"{what}, row {i}");
            Assert.AreEqual(e[i], a[i][0], Tolerance, $"{what}, row {i}");
        }
    }

    private sealed class TabularRow
    {
        public string Color { get; set; } = "";

        public float A { get; set; }

        public float B { get; set; }

        public bool Label { get; set; }
    }

    private sealed class NetworkRow
    {
        public float[] Features { get; set; } = [];
    }
}
