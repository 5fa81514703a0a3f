using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.ModelSearch.Reporting;

namespace MLNet.NeuralExtensions.ModelSearch.Tests.Reporting;

[TestClass]
public sealed class ShuffledColumnViewTests
{
    [TestMethod]
    public void OnlyTheShuffledColumnMovesAndItKeepsItsValues()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 50).Select(i => new Row { Number = i, Text = $"t{i}" }));

        var numbers = new ShuffledColumnView<float>(data, data.Schema["Number"], new Random(7));
        var texts = new ShuffledColumnView<ReadOnlyMemory<char>>(data, data.Schema["Text"], new Random(7));

        float[] shuffled = [.. numbers.GetColumn<float>("Number")];
        CollectionAssert.AreNotEqual(Enumerable.Range(0, 50).Select(i => (float)i).ToArray(), shuffled);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 50).Select(i => (float)i).ToArray(), shuffled);
        CollectionAssert.AreEqual(Enumerable.Range(0, 50).Select(i => $"t{i}").ToArray(), numbers.GetColumn<string>("Text").ToArray());
        CollectionAssert.AreEqual(shuffled.Select(n => $"t{n}").ToArray(), texts.GetColumn<string>("Text").ToArray(), "The same seed shuffles alike.");
        Assert.AreEqual(50L, numbers.GetRowCount());
    }

    private sealed class Row
    {
        public float Number { get; set; }

        public string Text { get; set; } = "";
    }
}
