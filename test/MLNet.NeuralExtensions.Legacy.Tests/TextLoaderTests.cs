using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Tests;

[TestClass]
public sealed class TextLoaderTests
{
    private sealed class Row
    {
        [LoadColumn(0, 2)]
        public float[] Features { get; set; } = [];

        [LoadColumn(3)]
        public string Name { get; set; } = string.Empty;

        [LoadColumn(4)]
        public bool Flag { get; set; }
    }

    private sealed class Iris
    {
        [LoadColumn(0)]
        public float SepalLength { get; set; }

        [LoadColumn(1)]
        public float SepalWidth { get; set; }

        [LoadColumn(2)]
        public float PetalLength { get; set; }

        [LoadColumn(3)]
        public float PetalWidth { get; set; }

        [LoadColumn(4)]
        public string Species { get; set; } = string.Empty;
    }

    [TestMethod]
    public void Attribute_ranges_load_as_vectors_with_header_slot_names_and_empty_cells_are_NaN()
    {
        using var files = new TempFiles();
        string path = files.Write("a.csv", "a,b,c,name,flag\n1,,3,\"x, y\",true\n4,5.5,?,plain,0\n");
        var ml = new MLContext(1);

        IDataView data = ml.Data.LoadFromTextFile<Row>(path, ',', hasHeader: true, allowQuoting: true);
        Row[] rows = ml.Data.CreateEnumerable<Row>(data, reuseRowObject: false).ToArray();

        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), data.Schema["Features"].Type);
        VBuffer<ReadOnlyMemory<char>> slots = default;
        data.Schema["Features"].GetSlotNames(ref slots);
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, slots.DenseValues().Select(s => s.ToString()).ToArray());
        Assert.AreEqual(2, rows.Length);
        Assert.AreEqual(1f, rows[0].Features[0]);
        Assert.IsTrue(float.IsNaN(rows[0].Features[1]));
        Assert.AreEqual("x, y", rows[0].Name);
        Assert.IsTrue(rows[0].Flag);
        Assert.IsTrue(float.IsNaN(rows[1].Features[2]));
        Assert.IsFalse(rows[1].Flag);
    }

    [TestMethod]
    public void The_iris_file_loads_completely()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromTextFile<Iris>(Path.Combine("TestData", "iris.csv"), ',', hasHeader: true, allowQuoting: true);

        Iris[] rows = ml.Data.CreateEnumerable<Iris>(data, reuseRowObject: false).ToArray();

        Assert.AreEqual(150, rows.Length);
        Assert.AreEqual(5.1f, rows[0].SepalLength);
        Assert.AreEqual("setosa", rows[0].Species);
        Assert.AreEqual("virginica", rows[^1].Species);
    }

    [TestMethod]
    public void The_column_list_overload_reads_the_listed_fields_with_tab_by_default()
    {
        using var files = new TempFiles();
        string path = files.Write("t.tsv", "1\t2\tx\n3\t4\ty\n");
        var ml = new MLContext(1);

        IDataView data = ml.Data.LoadFromTextFile(path, [new TextLoader.Column("V", DataKind.Double, 0, 1), new TextLoader.Column("S", DataKind.String, 2)]);

        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Double, 2), data.Schema["V"].Type);
        using DataViewRowCursor cursor = data.GetRowCursor(data.Schema);
        ValueGetter<VBuffer<double>> v = cursor.GetGetter<VBuffer<double>>(data.Schema["V"]);
        VBuffer<double> value = default;
        Assert.IsTrue(cursor.MoveNext());
        Assert.IsTrue(cursor.MoveNext());
        v(ref value);
        CollectionAssert.AreEqual(new[] { 3.0, 4.0 }, value.DenseValues().ToArray());
        Assert.IsFalse(cursor.MoveNext());
    }

    [TestMethod]
    public void A_line_with_a_wrong_field_count_names_the_file_and_line()
    {
        var e = ReadBad("1,2,3,n,true\n1,2,3,n,false\n1,2,n\n");
        StringAssert.Contains(e.Message, "line 3");
        StringAssert.Contains(e.Message, "found 3 fields, expected 5");
    }

    [TestMethod]
    public void An_unparsable_number_names_the_line_field_and_column()
    {
        var e = ReadBad("1,2,3,n,true\n1,abc,3,n,false\n");
        StringAssert.Contains(e.Message, "line 2");
        StringAssert.Contains(e.Message, "field 2 (column 'Features')");
        StringAssert.Contains(e.Message, "'abc' is not a valid Single");
    }

    [TestMethod]
    public void An_unterminated_quote_is_reported()
    {
        var e = ReadBad("1,2,3,\"n,true\n", allowQuoting: true);
        StringAssert.Contains(e.Message, "line 1");
        StringAssert.Contains(e.Message, "unterminated quoted field");
    }

    [TestMethod]
    public void A_missing_file_and_a_column_past_the_last_field_fail_at_load()
    {
        var ml = new MLContext(1);
        Assert.ThrowsExactly<FileNotFoundException>(() => ml.Data.LoadFromTextFile<Row>("no-such-file.csv"));
        using var files = new TempFiles();
        string path = files.Write("short.csv", "1,2,3\n");
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Data.LoadFromTextFile<Row>(path, ','));
        StringAssert.Contains(e.Message, "Column 'Name' reads field 3");
    }

    private static FormatException ReadBad(string content, bool allowQuoting = false)
    {
        using var files = new TempFiles();
        string path = files.Write("bad.csv", content);
        var ml = new MLContext(1);
        var e = Assert.ThrowsExactly<FormatException>(() =>
            ml.Data.CreateEnumerable<Row>(ml.Data.LoadFromTextFile<Row>(path, ',', allowQuoting: allowQuoting), reuseRowObject: false).ToArray());
        StringAssert.Contains(e.Message, path);
        return e;
    }
}
