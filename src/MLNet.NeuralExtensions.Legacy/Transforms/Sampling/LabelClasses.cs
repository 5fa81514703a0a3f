using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// The classes of a label column: each row's class number and each class's label value (string for text, bool, uint
/// for keys, or the number), numbered in order of first occurrence, which also breaks ties between equally large classes.
/// </summary>
internal sealed class LabelClasses
{
    private LabelClasses(int[] classOfRow, List<object> values)
    {
        ClassOfRow = classOfRow;
        Values = values;
        Counts = new int[values.Count];
        foreach (int c in classOfRow)
        {
            Counts[c]++;
        }
    }

    public int[] ClassOfRow { get; }

    public IReadOnlyList<object> Values { get; }

    public int[] Counts { get; }

    public int Minority => Array.IndexOf(Counts, Counts.Min());

    public int Majority => Array.IndexOf(Counts, Counts.Max());

    /// <summary>Whether a label column type can name classes.</summary>
    public static bool IsSupported(DataViewType type) =>
        type is not VectorDataViewType && (type is TextDataViewType or BooleanDataViewType or KeyDataViewType || type is NumberDataViewType);

    public static LabelClasses Read(IDataView data, DataViewSchema.Column label)
    {
        var index = new Dictionary<object, int>();
        var values = new List<object>();
        var rows = new List<int>();
        using DataViewBatchCursor cursor = data.GetBatchCursor([label]);
        while (cursor.MoveNext())
        {
            ColumnBuffer buffer = cursor.Batch[label.Index]!;
            long row = cursor.Batch.Position;
            foreach (object value in Boxed(buffer))
            {
                if (value is float f && float.IsNaN(f) || value is double d && double.IsNaN(d) || value is uint key && key == 0)
                {
                    throw new InvalidDataException($"Label column '{label.Name}', row {row}: the label is missing; every row must name its class for resampling.");
                }

                if (!index.TryGetValue(value, out int c))
                {
                    c = values.Count;
                    index.Add(value, c);
                    values.Add(value);
                }

                rows.Add(c);
                row++;
            }
        }

        return new LabelClasses([.. rows], values);
    }

    /// <summary>Describes a class for messages.</summary>
    public string Describe(int c) => $"'{Values[c]}' ({Counts[c]} rows)";

    private static IEnumerable<object> Boxed(ColumnBuffer buffer) => buffer switch
    {
        ColumnBuffer<ReadOnlyMemory<char>> text => text.Values.ToArray().Select(v => (object)v.ToString()),
        ColumnBuffer<bool> b => b.Values.ToArray().Cast<object>(),
        ColumnBuffer<uint> k => k.Values.ToArray().Cast<object>(),
        ColumnBuffer<float> f => f.Values.ToArray().Cast<object>(),
        ColumnBuffer<double> d => d.Values.ToArray().Cast<object>(),
        ColumnBuffer<int> i => i.Values.ToArray().Cast<object>(),
        ColumnBuffer<long> l => l.Values.ToArray().Cast<object>(),
        _ => throw new NotSupportedException($"Labels of {buffer.ItemType.Name} are not supported."),
    };
}
