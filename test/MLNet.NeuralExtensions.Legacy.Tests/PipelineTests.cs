using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Tests;

[TestClass]
public sealed class PipelineTests
{
    internal sealed class Input
    {
        public float A { get; set; }

        public float B { get; set; }

        public string Color { get; set; } = string.Empty;

        public string Text { get; set; } = string.Empty;
    }

    internal static Input[] Rows() =>
    [
        new() { A = 1, B = 2, Color = "red", Text = "1.5" },
        new() { A = 3, B = 4, Color = "green", Text = "2" },
        new() { A = 5, B = 6, Color = "red", Text = "" },
        new() { A = 7, B = 8, Color = "blue", Text = "-3" },
    ];

    private sealed class Output
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public uint ColorKey { get; set; }

        public string ColorBack { get; set; } = string.Empty;

        [VectorType(3)]
        public float[] ColorHot { get; set; } = [];

        public double Parsed { get; set; }
    }

    internal static IEstimator<ITransformer> Pipeline(MLContext ml) =>
        ml.Transforms.Concatenate("Features", "A", "B")
            .Append(ml.Transforms.Conversion.MapValueToKey("ColorKey", "Color"))
            .Append(ml.Transforms.Conversion.MapKeyToValue("ColorBack", "ColorKey"))
            .Append(ml.Transforms.Categorical.OneHotEncoding("ColorHot", "Color"))
            .Append(ml.Transforms.Conversion.ConvertType("Parsed", "Text", DataKind.Double));

    [TestMethod]
    public void A_fitted_chain_computes_every_column()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows());

        ITransformer model = Pipeline(ml).Fit(data);
        Output[] rows = ml.Data.CreateEnumerable<Output>(model.Transform(data), reuseRowObject: false).ToArray();

        CollectionAssert.AreEqual(new[] { 5f, 6f }, rows[2].Features);
        CollectionAssert.AreEqual(new uint[] { 1, 2, 1, 3 }, rows.Select(r => r.ColorKey).ToArray());
        CollectionAssert.AreEqual(new[] { "red", "green", "red", "blue" }, rows.Select(r => r.ColorBack).ToArray());
        CollectionAssert.AreEqual(new[] { 0f, 0f, 1f }, rows[3].ColorHot);
        Assert.AreEqual(1.5, rows[0].Parsed);
        Assert.IsTrue(double.IsNaN(rows[2].Parsed));
        DataViewSchema.Column slots = model.GetOutputSchema(data.Schema)["ColorHot"];
        VBuffer<ReadOnlyMemory<char>> names = default;
        slots.GetSlotNames(ref names);
        CollectionAssert.AreEqual(new[] { "red", "green", "blue" }, names.DenseValues().Select(n => n.ToString()).ToArray());
    }

    [TestMethod]
    public void Estimator_schema_propagation_matches_the_fitted_schema()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows());
        IEstimator<ITransformer> pipeline = Pipeline(ml);

        SchemaShape shape = pipeline.GetOutputSchema(SchemaShape.Create(data.Schema));
        DataViewSchema fitted = pipeline.Fit(data).GetOutputSchema(data.Schema);

        CollectionAssert.AreEqual(
            SchemaShape.Create(fitted).Select(c => c.ToString()).ToArray(),
            shape.Select(c => c.ToString()).ToArray());
        Assert.AreEqual("ColorKey: Key<UInt32>", shape.Single(c => c.Name == "ColorKey").ToString());
    }

    [TestMethod]
    public void A_missing_column_fails_at_fit_naming_it()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows());

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Concatenate("F", "A", "Missing").Fit(data));

        StringAssert.Contains(e.Message, "'Missing' not found");
    }

    [TestMethod]
    public void A_wrong_column_type_fails_naming_the_column_expected_and_actual_types()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows());
        var chain = ml.Transforms.Concatenate("F", "A", "Color");

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => chain.Fit(data));
        var shapeError = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => chain.GetOutputSchema(SchemaShape.Create(data.Schema)));
        var keyError = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Conversion.MapKeyToValue("X", "A").Fit(data));

        StringAssert.Contains(e.Message, "input column 'Color'");
        StringAssert.Contains(e.Message, "expected Single or Vector<Single>");
        StringAssert.Contains(e.Message, "got String");
        StringAssert.Contains(shapeError.Message, "'Color'");
        StringAssert.Contains(keyError.Message, "expected Key<UInt32> or a vector of keys, got Single");
    }

    [TestMethod]
    public void Select_and_drop_change_the_visible_columns()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows());

        IDataView selected = ml.Transforms.SelectColumns("B", "A").Fit(data).Transform(data);
        IDataView dropped = ml.Transforms.DropColumns("Text").Fit(data).Transform(data);
        IDataView copied = ml.Transforms.CopyColumns("A2", "A").Fit(data).Transform(data);

        CollectionAssert.AreEqual(new[] { "B", "A" }, selected.Schema.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "A", "B", "Color" }, dropped.Schema.Select(c => c.Name).ToArray());
        using DataViewRowCursor cursor = copied.GetRowCursor(copied.Schema);
        ValueGetter<float> a2 = cursor.GetGetter<float>(copied.Schema["A2"]);
        float value = 0;
        var all = new List<float>();
        while (cursor.MoveNext())
        {
            a2(ref value);
            all.Add(value);
        }

        CollectionAssert.AreEqual(new[] { 1f, 3f, 5f, 7f }, all);
    }

    [TestMethod]
    public void Unseen_categories_map_to_the_missing_key_and_a_bad_conversion_names_the_row()
    {
        var ml = new MLContext(1);
        ITransformer model = Pipeline(ml).Fit(ml.Data.LoadFromEnumerable(Rows()));
        IDataView fresh = ml.Data.LoadFromEnumerable(new[] { new Input { Color = "purple", Text = "1" }, new Input { Color = "red", Text = "oops" } });

        var e = Assert.ThrowsExactly<FormatException>(() => ml.Data.CreateEnumerable<Output>(model.Transform(fresh), reuseRowObject: false).ToArray());
        Output first = ml.Data.CreateEnumerable<Output>(model.Transform(ml.Data.TakeRows(fresh, 1)), reuseRowObject: false).Single();

        StringAssert.Contains(e.Message, "Column 'Text', row 1");
        Assert.AreEqual(0u, first.ColorKey);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f }, first.ColorHot);
    }
}
