using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Tests;

[TestClass]
public sealed class DataOperationsTests
{
    internal sealed class Row
    {
        public float Id { get; set; }

        public string Group { get; set; } = string.Empty;
    }

    private static Row[] Rows(int n) => Enumerable.Range(0, n).Select(i => new Row { Id = i, Group = $"g{i % 37}" }).ToArray();

    private static float[] Ids(MLContext ml, IDataView data) => ml.Data.CreateEnumerable<Row>(data, reuseRowObject: true).Select(r => r.Id).ToArray();

    [TestMethod]
    public void Train_test_split_partitions_rows_in_order_near_the_fraction_and_is_seeded()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows(5000));

        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 7);
        var again = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 7);
        float[] train = Ids(ml, split.TrainSet), test = Ids(ml, split.TestSet);

        Assert.AreEqual(5000, train.Length + test.Length);
        Assert.AreEqual(0, train.Intersect(test).Count());
        Assert.AreEqual(1000, test.Length, 80);
        CollectionAssert.AreEqual(train.Order().ToArray(), train);
        CollectionAssert.AreEqual(test, Ids(ml, again.TestSet));
        CollectionAssert.AreNotEqual(test, Ids(ml, ml.Data.TrainTestSplit(data, 0.2, seed: 8).TestSet));
    }

    [TestMethod]
    public void A_sampling_key_keeps_equal_keys_in_one_set()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows(2000));

        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, samplingKeyColumnName: "Group", seed: 3);
        var trainGroups = ml.Data.CreateEnumerable<Row>(split.TrainSet, false).Select(r => r.Group).ToHashSet();
        var testGroups = ml.Data.CreateEnumerable<Row>(split.TestSet, false).Select(r => r.Group).ToHashSet();

        Assert.AreEqual(0, trainGroups.Intersect(testGroups).Count());
        Assert.AreEqual(37, trainGroups.Count + testGroups.Count);
    }

    [TestMethod]
    public void Cross_validation_folds_cover_every_row_once_as_test()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows(1000));

        var folds = ml.Data.CrossValidationSplit(data, numberOfFolds: 4, seed: 5);
        float[][] tests = folds.Select(f => Ids(ml, f.TestSet)).ToArray();

        CollectionAssert.AreEquivalent(Enumerable.Range(0, 1000).Select(i => (float)i).ToArray(), tests.SelectMany(t => t).ToArray());
        foreach (var (fold, test) in folds.Zip(tests))
        {
            Assert.AreEqual(1000 - test.Length, Ids(ml, fold.TrainSet).Length);
        }
    }

    [TestMethod]
    public void Shuffle_take_skip_filter_and_cache_behave()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows(3000));

        float[] shuffled = Ids(ml, ml.Data.ShuffleRows(data, seed: 2));
        float[] taken = Ids(ml, ml.Data.TakeRows(ml.Data.SkipRows(data, 1500), 3));
        float[] filtered = Ids(ml, ml.Data.FilterRowsByColumn(data, "Id", 10, 13));
        IDataView cached = ml.Data.Cache(data, "Id");

        CollectionAssert.AreEquivalent(Enumerable.Range(0, 3000).Select(i => (float)i).ToArray(), shuffled);
        CollectionAssert.AreNotEqual(Enumerable.Range(0, 3000).Select(i => (float)i).ToArray(), shuffled);
        CollectionAssert.AreEqual(shuffled, Ids(ml, ml.Data.ShuffleRows(data, seed: 2)));
        CollectionAssert.AreEqual(new[] { 1500f, 1501f, 1502f }, taken);
        CollectionAssert.AreEqual(new[] { 10f, 11f, 12f }, filtered);
        Assert.AreEqual(3000L, cached.GetRowCount());
        CollectionAssert.AreEqual(Ids(ml, data), Ids(ml, cached));
    }

    [TestMethod]
    public void Batch_cursors_read_columns_in_blocks()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows(2500));
        DataViewSchema.Column id = data.Schema["Id"];

        using DataViewBatchCursor cursor = data.GetBatchCursor([id], batchSize: 1000);
        var sizes = new List<int>();
        float sum = 0;
        while (cursor.MoveNext())
        {
            sizes.Add(cursor.Batch.RowCount);
            foreach (float x in cursor.Batch.GetColumn<float>(id).Values)
            {
                sum += x;
            }

            Assert.ThrowsExactly<InvalidOperationException>(() => cursor.Batch.GetColumn<float>(data.Schema["Group"]));
        }

        CollectionAssert.AreEqual(new[] { 1000, 1000, 500 }, sizes);
        Assert.AreEqual(2500f * 2499 / 2, sum);
    }

    [TestMethod]
    public void Reading_a_missing_member_column_throws_unless_ignored()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new { Id = 1f } }.Select(x => new Row { Id = x.Id }).ToArray());
        IDataView onlyId = ml.Transforms.SelectColumns("Id").Fit(data).Transform(data);

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Data.CreateEnumerable<Row>(onlyId, false).ToArray());
        Row row = ml.Data.CreateEnumerable<Row>(onlyId, false, ignoreMissingColumns: true).Single();

        StringAssert.Contains(e.Message, "'Group' not found");
        Assert.AreEqual(1f, row.Id);
    }
}
