using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Transforms;
using static MLNet.NeuralExtensions.Tests.Transforms.Imputers.ImputerData;

namespace MLNet.NeuralExtensions.Tests.Transforms.Imputers;

/// <summary>The imputers in ML.NET pipelines beside ML.NET's own components: saved and scored in a second process,
/// exported by ML.NET's ONNX converter and scored by ML.NET's ApplyOnnxModel, and before FastTree.</summary>
[TestClass]
public sealed class ImputerPipelineTests
{
    private static readonly string[] s_imputed = ["Median", "PooledDouble", "Knn", "KnnDistanceDouble", "Iterative", "IterativeDouble"];

    [TestMethod]
    public void SavedImputersScoreIdenticallyInAChildProcess()
    {
        var ml = new MLContext(1);
        ITransformer model = Imputers(ml).Fit(View(ml, Matrix("iterative_x")));
        IDataView rows = View(ml, Matrix("iterative_test"));
        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, model, rows, files);
        IDataView here = model.Transform(rows);
        foreach (string column in s_imputed)
        {
            Assert.AreEqual(here.Schema[column].Type, child.Schema[column].Type, column);
            double[][] expected = Rows(here, column);
            Assert.IsFalse(expected.SelectMany(r => r).Any(double.IsNaN), $"{column} leaves nothing missing");
            AssertClose(expected, Rows(child, column), 0, column);
        }
    }

    [TestMethod]
    public void EachRowMapperSavedAloneLoadsThroughMlNetsRowMapperSignature()
    {
        // ML.NET saves a data-transform pipeline's row mapper on its own and reloads it by SignatureLoadRowMapper with
        // the input schema; both live behind ML.NET's friend surface, reached here by reflection.
        var ml = new MLContext(1);
        IDataView train = View(ml, Matrix("iterative_x")), rows = View(ml, Matrix("iterative_test"));
        ITransformer[] models =
        [
            ml.Transforms.ReplaceMissingValuesByMedian("Imputed", "X").Fit(train),
            ml.Transforms.ReplaceMissingValuesByNearestNeighbors("Imputed", "X").Fit(train),
            ml.Transforms.ReplaceMissingValuesIteratively("Imputed", "X").Fit(train),
        ];
        Assembly data = typeof(RowToRowTransformerBase).Assembly;
        Type mapperType = data.GetType("Microsoft.ML.Data.IRowMapper", throwOnError: true)!;
        Type signature = data.GetType("Microsoft.ML.Data.SignatureLoadRowMapper", throwOnError: true)!;
        MethodInfo save = typeof(ModelSaveContext).GetMethod("Save", BindingFlags.Static | BindingFlags.NonPublic, [typeof(BinaryWriter), typeof(Action<ModelSaveContext>)])!;
        Type loadContext = typeof(ModelSaveContext).Assembly.GetType("Microsoft.ML.ModelLoadContext", throwOnError: true)!;
        MethodInfo load = loadContext.GetMethods(BindingFlags.Static | BindingFlags.Public)
            .Single(m => m.Name == "LoadModel" && m.GetParameters() is var p && p.Length == 4 && p[2].ParameterType == typeof(Stream))
            .MakeGenericMethod(mapperType, signature);
        foreach (ITransformer model in models)
        {
            object mapper = typeof(RowToRowTransformerBase).GetMethod("MakeRowMapper", BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(model, [rows.Schema])!;
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                save.Invoke(null, [writer, (Action<ModelSaveContext>)(ctx => ((ICanSaveModel)mapper).Save(ctx))]);
            }

            stream.Position = 0;
            object?[] arguments = [ml, null, stream, new object[] { rows.Schema }];
            load.Invoke(null, arguments);
            var loaded = (ITransformer)mapperType.GetMethod("GetTransformer")!.Invoke(arguments[1], null)!;
            Assert.AreEqual(model.GetType(), loaded.GetType());
            AssertClose(Rows(model.Transform(rows), "Imputed"), Rows(loaded.Transform(rows), "Imputed"), 0, model.GetType().Name);
        }
    }

    [TestMethod]
    [DataRow("iterative_test")]
    [DataRow("iterative_x")]
    public void ExportedImputersPassOnnxCheckerAndScoreThroughApplyOnnxModelAsTheyTransform(string rows)
    {
        var ml = new MLContext(1);
        IDataView train = View(ml, Matrix("iterative_x")), data = View(ml, Matrix(rows));
        ITransformer model = Imputers(ml).Fit(train);
        using var files = new TempFiles();
        string path = files.PathOf("imputers.onnx");
        using (FileStream stream = File.Create(path))
        {
            ml.Model.ConvertToOnnx(model, train, stream);
        }

        OnnxChecker.RequireOnnxPackage();
        OnnxChecker.AssertAllPass(files.Root, 1);
        string[] outputs = [.. s_imputed.Append("Missing").Select(c => c + ".output")];
        // ApplyOnnxModel names each column after its ONNX output without ML.NET's ".output" suffix.
        IDataView scored = ml.Transforms.ApplyOnnxModel(outputs, ["X"], path).Fit(data).Transform(data);
        IDataView managed = model.Transform(data);
        foreach (string column in s_imputed)
        {
            AssertClose(Rows(managed, column), Rows(scored, column), 1e-5, column);
        }

        CollectionAssert.AreEqual(Flags(managed, "Missing"), Flags(scored, "Missing"), "ML.NET's IndicateMissingValues in the same graph");
    }

    [TestMethod]
    public void ExportedImputersOfARealDataSetScoreAsTheyTransform()
    {
        var ml = new MLContext(1);
        IDataView data = RealData(ml, "airquality.csv", 6);
        ITransformer model = ml.Transforms.ReplaceMissingValuesByMedian("Median", "Features")
            .Append(ml.Transforms.ReplaceMissingValuesByNearestNeighbors("Knn", "Features", weighting: NearestNeighborImputingEstimator.Weighting.Distance))
            .Append(ml.Transforms.ReplaceMissingValuesIteratively("Iterative", "Features")).Fit(data);
        using var files = new TempFiles();
        string path = files.PathOf("airquality.onnx");
        using (FileStream stream = File.Create(path))
        {
            ml.Model.ConvertToOnnx(model, data, stream);
        }

        // Not put through onnx.checker: ML.NET's converter writes the slot names of every column that has them (here
        // the file's header) as a LabelEncoder of declared batch size -1 over a constant of batch size 1, which the
        // checker's shape inference rejects; ONNX Runtime runs it.
        string[] columns = ["Median", "Knn", "Iterative"];
        IDataView scored = ml.Transforms.ApplyOnnxModel([.. columns.Select(c => c + ".output")], ["Features"], path).Fit(data).Transform(data);
        IDataView managed = model.Transform(data);
        foreach (string column in columns)
        {
            AssertClose(Rows(managed, column), Rows(scored, column), 1e-5, column);
        }
    }

    [TestMethod]
    [DataRow("median")]
    [DataRow("nearest neighbours")]
    [DataRow("iterative")]
    public void AirqualityPipelineWithMlNetsComponentsAndFastTreeFitsAndEvaluates(string imputer)
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromTextFile(Path.Combine("TestData", "airquality.csv"), new TextLoader.Options
        {
            Columns =
            [
                new TextLoader.Column("Ozone", DataKind.Single, 0), new TextLoader.Column("SolarR", DataKind.Single, 1),
                new TextLoader.Column("Wind", DataKind.Single, 2), new TextLoader.Column("Temp", DataKind.Single, 3),
                new TextLoader.Column("Month", DataKind.Single, 4), new TextLoader.Column("Day", DataKind.Single, 5),
            ],
            Separators = [','],
            HasHeader = true,
            MissingRealsAsNaNs = true,
        });
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 1);
        IEstimator<ITransformer> impute = imputer switch
        {
            "median" => ml.Transforms.ReplaceMissingValuesByMedian("Imputed", "Raw"),
            "nearest neighbours" => ml.Transforms.ReplaceMissingValuesByNearestNeighbors("Imputed", "Raw"),
            _ => ml.Transforms.ReplaceMissingValuesIteratively("Imputed", "Raw"),
        };
        var pipeline = ml.Transforms.Concatenate("Raw", "Ozone", "SolarR", "Wind", "Month", "Day")
            .Append(ml.Transforms.IndicateMissingValues("Missing", "Raw"))
            .Append(ml.Transforms.Conversion.ConvertType("MissingFlags", "Missing", DataKind.Single))
            .Append(impute)
            .Append(ml.Transforms.NormalizeMeanVariance("Imputed"))
            .Append(ml.Transforms.Concatenate("Features", "Imputed", "MissingFlags"))
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: "Temp", numberOfLeaves: 8, numberOfTrees: 50, minimumExampleCountPerLeaf: 5));

        SchemaShape promised = pipeline.GetOutputSchema(ShapeOf(data.Schema));
        SchemaShape.Column shape = promised.Single(c => c.Name == "Imputed");
        Assert.IsTrue(shape.Kind == SchemaShape.Column.VectorKind.Vector && shape.ItemType == NumberDataViewType.Single, $"the chain promises Imputed as a Single vector: {shape}");
        var model = pipeline.Fit(split.TrainSet);
        IDataView scored = model.Transform(split.TestSet);
        Assert.IsFalse(Rows(scored, "Features").SelectMany(r => r).Any(v => !double.IsFinite(v)), "no missing value reaches FastTree");
        Assert.IsTrue(Rows(scored, "Raw").SelectMany(r => r).Any(double.IsNaN), "the test rows have missing values");
        RegressionMetrics metrics = ml.Regression.Evaluate(scored, labelColumnName: "Temp");
        Assert.IsTrue(metrics.RSquared > 0.25, $"{imputer}: R² (a constant prediction scores at most 0) {metrics.RSquared}, RMSE {metrics.RootMeanSquaredError}");
    }

    /// <summary>The three imputers on Single column X and, through ML.NET's ConvertType, on its Double copy XD, with
    /// ML.NET's IndicateMissingValues beside them.</summary>
    private static IEstimator<ITransformer> Imputers(MLContext ml) =>
        ml.Transforms.Conversion.ConvertType("XD", "X", DataKind.Double)
            .Append(ml.Transforms.IndicateMissingValues("Missing", "X"))
            .Append(ml.Transforms.ReplaceMissingValuesByMedian("Median", "X"))
            .Append(ml.Transforms.ReplaceMissingValuesByMedian("PooledDouble", "XD", imputeBySlot: false))
            .Append(ml.Transforms.ReplaceMissingValuesByNearestNeighbors("Knn", "X"))
            .Append(ml.Transforms.ReplaceMissingValuesByNearestNeighbors("KnnDistanceDouble", "XD", numberOfNeighbors: 3, NearestNeighborImputingEstimator.Weighting.Distance))
            .Append(ml.Transforms.ReplaceMissingValuesIteratively("Iterative", "X"))
            .Append(ml.Transforms.ReplaceMissingValuesIteratively("IterativeDouble", "XD", initialValues: IterativeImputingEstimator.InitialValue.Median));

    private static bool[] Flags(IDataView data, string column)
    {
        var flags = new List<bool>();
        using DataViewRowCursor cursor = data.GetRowCursor([data.Schema[column]]);
        ValueGetter<VBuffer<bool>> getter = cursor.GetGetter<VBuffer<bool>>(data.Schema[column]);
        VBuffer<bool> row = default;
        while (cursor.MoveNext())
        {
            getter(ref row);
            flags.AddRange(row.DenseValues());
        }

        return [.. flags];
    }
}
