using System.Collections.Immutable;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Transforms;
using static MLNet.NeuralExtensions.Tests.DataPrep.DataPrepGoldens;

namespace MLNet.NeuralExtensions.Tests.DataPrep;

[TestClass]
public sealed class NormalizerTests
{
    private const double Tolerance = 1e-5;

    public static IEnumerable<object[]> ScikitLearnCases =>
    [
        ["standard"], ["minmax"], ["maxabs"], ["robust"], ["robust_10_90_uncentered"], ["minmax_fixzero"], ["meanvar_fixzero"], ["meanvar_cdf"],
        ["rows_l1"], ["rows_l2"], ["rows_max"], ["rows_std_zero_mean"],
    ];

    [TestMethod]
    [DynamicData(nameof(ScikitLearnCases))]
    public void OutputsEqualScikitLearnsAndNaNPassesThrough(string golden)
    {
        var ml = new MLContext(1);
        // scikit-learn's Normalizer rejects NaN, so the row-wise goldens are of the complete matrix.
        IDataView data = ml.Data.LoadFromEnumerable(Rows<Row5>(golden.StartsWith("rows_", StringComparison.Ordinal) ? "x_complete" : "x"));
        IEstimator<ITransformer> estimator = Estimator(ml, golden);
        IDataView output = estimator.Fit(data).Transform(data);
        AssertClose(Matrix(golden), ml.Data.CreateEnumerable<Row5>(output, false).Select(r => r.X), Tolerance, golden);
    }

    [TestMethod]
    public void LogMeanVarianceCdfOfADoubleColumnEqualsTheLogNormalCdf()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Vector("log_column").Select(v => new DoubleRow { L = v }));
        IDataView output = ml.Transforms.NormalizeLogMeanVariance("L").Fit(data).Transform(data);
        AssertClose(Vector("log_cdf"), [.. ml.Data.CreateEnumerable<DoubleRow>(output, false).Select(r => r.L)], 1e-6, "log cdf");
    }

    [TestMethod]
    public void BinningCutsIntoEqualFrequencyBinsAndKeepsZeroAtZero()
    {
        var ml = new MLContext(1);
        IDataView hundred = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 100).Select(i => new DoubleRow { L = i }));
        double[] binned = Normalized(ml, hundred, ml.Transforms.NormalizeBinning("L", fixZero: false, maximumBinCount: 4));
        for (int i = 0; i < 100; i++)
        {
            Assert.AreEqual(i / 25 / 3.0, binned[i], 1e-12, $"value {i}");
        }

        // Few distinct values: each is its own bin, in rank order; with fixZero the bin holding 0 maps to 0.
        IDataView few = ml.Data.LoadFromEnumerable(new[] { -4.0, 0, 0, 7, 7, 7, 9, double.NaN }.Select(v => new DoubleRow { L = v }));
        double[] ranked = Normalized(ml, few, ml.Transforms.NormalizeBinning("L"));
        AssertClose([-1 / 3.0, 0, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 2 / 3.0, double.NaN], ranked, 1e-12, "ranks");

        var transformer = ml.Transforms.NormalizeBinning("L").Fit(few);
        var parameters = (NormalizingTransformer.BinNormalizerModelParameters<double>)transformer.GetNormalizerModelParameters(0);
        CollectionAssert.AreEqual(new[] { -2, 3.5, 8, double.PositiveInfinity }, parameters.UpperBounds.ToArray());
        Assert.AreEqual(1 / 3.0, parameters.Density, 1e-15);
        Assert.AreEqual(1 / 3.0, parameters.Offset, 1e-15);
    }

    [TestMethod]
    public void FittedParametersAreReadableInMLNetsForm()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows<Row5>("x"));
        double[][] x = Matrix("x");
        var minMax = ml.Transforms.NormalizeMinMax("X", fixZero: false).Fit(data);
        var affine = (NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>>)minMax.GetNormalizerModelParameters(0);
        for (int slot = 0; slot < 4; slot++)
        {
            double[] present = [.. x.Select(r => r[slot]).Where(v => !double.IsNaN(v))];
            Assert.AreEqual(present.Min(), affine.Offset[slot], 1e-6, $"offset of slot {slot}");
            Assert.AreEqual(1 / (present.Max() - present.Min()), affine.Scale[slot], 1e-6, $"scale of slot {slot}");
        }

        Assert.AreEqual(0f, affine.Scale[4], "a constant slot carries no information and gets scale 0");

        var cdf = (NormalizingTransformer.CdfNormalizerModelParameters<ImmutableArray<float>>)ml.Transforms.NormalizeMeanVariance("X", useCdf: true).Fit(data).GetNormalizerModelParameters(0);
        Assert.IsFalse(cdf.UseLog);
        Assert.AreEqual(x.Select(r => r[0]).Where(v => !double.IsNaN(v)).Average(), cdf.Mean[0], 1e-5);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => minMax.GetNormalizerModelParameters(1));
    }

    [TestMethod]
    public void OutputColumnsAreMarkedNormalizedAndKeepSlotNames()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new PairRow { A = 1, B = 2 }, new PairRow { A = -3, B = 5 } });
        IDataView joined = ml.Transforms.Concatenate("X", "A", "B").Fit(data).Transform(data);
        DataViewSchema schema = ml.Transforms.NormalizeMinMax("Scaled", "X").Fit(joined).GetOutputSchema(joined.Schema);
        bool isNormalized = false;
        schema["Scaled"].Annotations.GetValue(AnnotationUtils.Kinds.IsNormalized, ref isNormalized);
        Assert.IsTrue(isNormalized);
        Assert.AreEqual(joined.Schema["X"].Type, schema["Scaled"].Type);
        Assert.IsTrue(schema["Scaled"].HasSlotNames());
        VBuffer<ReadOnlyMemory<char>> names = default;
        schema["Scaled"].GetSlotNames(ref names);
        CollectionAssert.AreEqual(new[] { "A", "B" }, names.DenseValues().Select(n => n.ToString()).ToArray());
    }

    [TestMethod]
    public void SavedAndLoadedNormalizersScoreIdentically()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows<Row5>("x"));
        ITransformer model = AllNormalizers(ml).Fit(data);
        ITransformer loaded = PipelineChecks.SaveAndLoad(ml, model, data);
        foreach (string column in s_outputs)
        {
            CollectionAssert.AreEqual(Column(ml, model.Transform(data), column), Column(ml, loaded.Transform(data), column), column);
        }
    }

    [TestMethod]
    public void EveryNormalizerExportsToOnnxAndScoresAsTheManagedTransform()
    {
        var ml = new MLContext(1);
        Row5[] rows = Rows<Row5>("x");
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = AllNormalizers(ml).Fit(data);
        var outputs = PipelineChecks.ScoreExported(ml, model, data, "X", rows.SelectMany(r => r.X).ToArray(), 5);
        IDataView managed = model.Transform(data);
        foreach (string column in s_outputs)
        {
            double[] expected = [.. Column(ml, managed, column).Select(v => (double)v)];
            double[] actual = [.. outputs[column + ".output"].GetData<float>().Select(v => (double)v)];
            AssertClose(expected, actual, 1e-5, column);
        }
    }

    [TestMethod]
    public void DoubleColumnsExportWithDoubleArithmetic()
    {
        var ml = new MLContext(1);
        double[] values = [.. Vector("log_column")];
        IDataView data = ml.Data.LoadFromEnumerable(values.Select(v => new DoubleRow { L = v }));
        ITransformer model = ml.Transforms.NormalizeLogMeanVariance("Cdf", "L")
            .Append(ml.Transforms.NormalizeBinning("Bins", "L", maximumBinCount: 5))
            .Append(ml.Transforms.NormalizeRobustScaling("Robust", "L")).Fit(data);
        var outputs = PipelineChecks.ScoreExported(ml, model, data, "L", values, 1);
        IDataView managed = model.Transform(data);
        foreach (string column in new[] { "Cdf", "Bins", "Robust" })
        {
            double[] expected = [.. ml.Data.CreateEnumerable<DoubleRow>(ml.Transforms.CopyColumns("L", column).Fit(managed).Transform(managed), false).Select(r => r.L)];
            AssertClose(expected, outputs[column + ".output"].GetData<double>(), 1e-6, column);
        }
    }

    [TestMethod]
    public void TheExportedNormalizersPassOnnxChecker()
    {
        OnnxChecker.RequireOnnxPackage();
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows<Row5>("x"));
        using var files = new TempFiles();
        using (FileStream file = File.Create(files.PathOf("normalizers.onnx")))
        {
            ml.Model.ConvertToOnnx(AllNormalizers(ml).Fit(data), data, file);
        }

        var (exitCode, output) = OnnxChecker.RunChecker(files.Root);
        Assert.AreEqual(0, exitCode, output);
    }

    [TestMethod]
    public void ANonNumericColumnIsRejectedWithItsNameAndType()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Name = "a" } });
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.NormalizeMinMax("Name").Fit(data));
        StringAssert.Contains(ex.Message, "input column 'Name'");
        StringAssert.Contains(ex.Message, "got String");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.NormalizeLpNorm("Name").Fit(data));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.NormalizeRobustScaling("X", quantileMin: 80, quantileMax: 20));
    }

    [TestMethod]
    public void ScoringDataOfAnotherWidthIsRejected()
    {
        var ml = new MLContext(1);
        NormalizingTransformer fitted = ml.Transforms.NormalizeMinMax("X").Fit(ml.Data.LoadFromEnumerable(Rows<Row5>("x")));
        IDataView narrow = ml.Data.LoadFromEnumerable(Rows<Row3>("knn_train"));
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => fitted.Transform(narrow));
        StringAssert.Contains(ex.Message, "Vector<Single, 5>");
    }

    private static readonly string[] s_outputs = ["MinMax", "MaxAbs", "MeanVar", "Standard", "Cdf", "LogCdf", "Log", "Robust", "Bins", "L1", "Std"];

    private static IEstimator<ITransformer> AllNormalizers(MLContext ml) =>
        ml.Transforms.NormalizeMinMax("MinMax", "X")
            .Append(ml.Transforms.NormalizeMaxAbs("MaxAbs", "X"))
            .Append(ml.Transforms.NormalizeMeanVariance("MeanVar", "X"))
            .Append(ml.Transforms.NormalizeMeanVariance("Standard", "X", fixZero: false))
            .Append(ml.Transforms.NormalizeMeanVariance("Cdf", "X", useCdf: true))
            .Append(ml.Transforms.NormalizeLogMeanVariance("LogCdf", "X"))
            .Append(ml.Transforms.NormalizeLogMeanVariance("Log", "X", useCdf: false))
            .Append(ml.Transforms.NormalizeRobustScaling("Robust", "X"))
            .Append(ml.Transforms.NormalizeBinning("Bins", "X", maximumBinCount: 6))
            .Append(ml.Transforms.NormalizeLpNorm("L1", "X", LpNormNormalizingEstimatorBase.NormFunction.L1))
            .Append(ml.Transforms.NormalizeLpNorm("Std", "X", LpNormNormalizingEstimatorBase.NormFunction.StandardDeviation, ensureZeroMean: true));

    private static IEstimator<ITransformer> Estimator(MLContext ml, string golden) => golden switch
    {
        "standard" => ml.Transforms.NormalizeMeanVariance("X", fixZero: false),
        "minmax" => ml.Transforms.NormalizeMinMax("X", fixZero: false),
        "maxabs" => ml.Transforms.NormalizeMaxAbs("X"),
        "robust" => ml.Transforms.NormalizeRobustScaling("X"),
        "robust_10_90_uncentered" => ml.Transforms.NormalizeRobustScaling("X", centerData: false, quantileMin: 10, quantileMax: 90),
        "minmax_fixzero" => ml.Transforms.NormalizeMinMax("X"),
        "meanvar_fixzero" => ml.Transforms.NormalizeMeanVariance("X"),
        "meanvar_cdf" => ml.Transforms.NormalizeMeanVariance("X", useCdf: true),
        "rows_l1" => ml.Transforms.NormalizeLpNorm("X", norm: LpNormNormalizingEstimatorBase.NormFunction.L1),
        "rows_l2" => ml.Transforms.NormalizeLpNorm("X"),
        "rows_max" => ml.Transforms.NormalizeLpNorm("X", norm: LpNormNormalizingEstimatorBase.NormFunction.Infinity),
        "rows_std_zero_mean" => ml.Transforms.NormalizeLpNorm("X", norm: LpNormNormalizingEstimatorBase.NormFunction.StandardDeviation, ensureZeroMean: true),
        _ => throw new ArgumentException(golden),
    };

    private static double[] Normalized(MLContext ml, IDataView data, IEstimator<ITransformer> estimator) =>
        [.. ml.Data.CreateEnumerable<DoubleRow>(estimator.Fit(data).Transform(data), false).Select(r => r.L)];

    private static float[] Column(MLContext ml, IDataView data, string column) => PipelineChecks.VectorColumn<Row5>(ml, data, column);

    private sealed class DoubleRow
    {
        public double L { get; set; }
    }

    private sealed class PairRow
    {
        public float A { get; set; }

        public float B { get; set; }
    }

    private sealed class TextRow
    {
        public string Name { get; set; } = "";
    }
}
