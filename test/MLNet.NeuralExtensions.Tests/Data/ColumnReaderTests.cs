using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Tests.Data;

[TestClass]
public sealed class ColumnReaderTests
{
    // 2,000 values a row: the reader's blocks for a view of unknown length hold 524 rows, so 1,200 rows take three.
    private const int Width = 2000;
    private const int RowCount = 1200;

    [TestMethod]
    [DataRow(false, DisplayName = "unknown row count (blocks)")]
    [DataRow(true, DisplayName = "known row count (one array)")]
    public void OnePassReadsTheVectorsAndScalarsInRowOrder(bool knownCount)
    {
        var ml = new MLContext(1);
        IDataView data = View(ml, knownCount);
        Assert.AreEqual(knownCount, data.GetRowCount().HasValue);
        float[] vectors = ColumnReader.ReadSingleVectors(data, data.Schema["Features"], out int rows, "a test", [data.Schema["Label"], data.Schema["Weight"]], out double[][] scalars);
        Assert.AreEqual(RowCount, rows);
        CollectionAssert.AreEqual(data.GetColumn<float[]>("Features").SelectMany(v => v).ToArray(), vectors);
        CollectionAssert.AreEqual(data.GetColumn<bool>("Label").Select(b => b ? 1.0 : 0.0).ToArray(), scalars[0]);
        CollectionAssert.AreEqual(data.GetColumn<float>("Weight").Select(w => (double)w).ToArray(), scalars[1]);
        CollectionAssert.AreEqual(vectors, ColumnReader.ReadSingleVectors(data, data.Schema["Features"], out _), "the plain overload reads the same values");
    }

    [TestMethod]
    [DataRow(0, float.NaN)]
    [DataRow(7, float.PositiveInfinity)]
    [DataRow(8, float.NegativeInfinity)]
    [DataRow(1999, float.NaN)]
    public void ANonFiniteValueInALaterBlockIsNamedByRowAndSlot(int slot, float value)
    {
        var ml = new MLContext(1);
        const int row = 1100;
        IDataView data = View(ml, knownCount: false, (row, slot, value));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ColumnReader.ReadSingleVectors(data, data.Schema["Features"], out _, "a test", [], out _));
        StringAssert.StartsWith(error.Message, $"Column 'Features', row {row}, slot {slot}: the value is {value}; a test needs finite values.");
    }

    [TestMethod]
    public void ExtremeFiniteValuesAreFinite()
    {
        float[] values = [float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 0f, -0f, 1e-40f, 3e38f, float.MaxValue, 1f];
        ColumnReader.RequireFinite(values, values.Length, "Features", "a test");
        values[9] = float.NaN;
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ColumnReader.RequireFinite(values, 5, "Features", "a test"));
        StringAssert.StartsWith(error.Message, "Column 'Features', row 1, slot 4: the value is NaN");
    }

    private static IDataView View(MLContext ml, bool knownCount, (int Row, int Slot, float Value)? bad = null)
    {
        IEnumerable<Row> rows = Rows(bad);
        return knownCount ? ml.Data.LoadFromEnumerable(rows.ToArray()) : ml.Data.LoadFromEnumerable(rows);
    }

    // A yield iterator: LoadFromEnumerable cannot count its rows.
    private static IEnumerable<Row> Rows((int Row, int Slot, float Value)? bad)
    {
        for (int r = 0; r < RowCount; r++)
        {
            var features = new float[Width];
            for (int s = 0; s < Width; s++)
            {
                features[s] = (r * 31) + (s * 0.5f);
            }

            if (bad is var (row, slot, value) && row == r)
            {
                features[slot] = value;
            }

            yield return new Row { Features = features, Label = r % 3 == 0, Weight = r * 0.25f };
        }
    }

    private sealed class Row
    {
        [VectorType(Width)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; }
    }
}
