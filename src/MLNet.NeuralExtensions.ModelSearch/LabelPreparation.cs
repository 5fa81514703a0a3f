using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>
/// Turns the loaded label into the column ML.NET's trainers of the task read, named <see cref="LabelColumnName"/>: a
/// Boolean (true for <see cref="DatasetAnalysis.PositiveClass"/>) for binary classification, a Single (1 for the positive
/// class, 0 for the other: ML.NET's anomaly evaluator reads no Boolean) for anomaly detection, a key over
/// <see cref="DatasetAnalysis.Classes"/> for multiclass classification and clustering, a Single for regression.
/// Rows without a label are dropped. This runs on the training and validation data only; it is not part of the saved
/// model, which therefore scores rows that have no label column.
/// </summary>
internal static class LabelPreparation
{
    /// <summary>The prepared label's name.</summary>
    public const string LabelColumnName = "Label";

    private const string KeyColumnName = "__LabelKey";

    /// <summary>The prepared view, or <paramref name="data"/> unchanged when the analysis has no label.</summary>
    public static IDataView Apply(MLContext ml, DatasetAnalysis analysis, IDataView data)
    {
        string? label = analysis.LabelColumnName;
        if (label is null)
        {
            return data;
        }
        if (analysis.Task == ModelSearchTask.Regression)
        {
            IDataView kept = ml.Data.FilterRowsByMissingValues(data, label);
            return label == LabelColumnName ? kept : ml.Transforms.CopyColumns(LabelColumnName, label).Fit(kept).Transform(kept);
        }
        IDataView classes = ml.Data.LoadFromEnumerable(analysis.Classes.Select(c => new ClassValue { Value = c }));
        var key = ml.Transforms.Conversion.MapValueToKey(KeyColumnName, label, keyData: classes, addKeyValueAnnotationsAsText: true);
        IDataView keyed = key.Fit(data).Transform(data);
        IDataView present = ml.Data.FilterRowsByMissingValues(keyed, KeyColumnName);
        IEstimator<ITransformer> toLabel = analysis.Task switch
        {
            ModelSearchTask.BinaryClassification => ml.Transforms.Conversion.MapValue(LabelColumnName, analysis.Classes.Select(c => new KeyValuePair<ReadOnlyMemory<char>, bool>(c.AsMemory(), c == analysis.PositiveClass)), label),
            ModelSearchTask.AnomalyDetection => ml.Transforms.Conversion.MapValue(LabelColumnName, analysis.Classes.Select(c => new KeyValuePair<ReadOnlyMemory<char>, float>(c.AsMemory(), c == analysis.PositiveClass ? 1f : 0f)), label),
            _ => ml.Transforms.CopyColumns(LabelColumnName, KeyColumnName),
        };
        return toLabel.Append(ml.Transforms.DropColumns(KeyColumnName)).Fit(present).Transform(present);
    }

    /// <summary>The rows of the rarest class present in <paramref name="data"/>'s prepared Boolean or key label.</summary>
    public static long SmallestClassRows(IDataView data)
    {
        DataViewSchema.Column label = data.Schema[LabelColumnName];
        var counts = new Dictionary<ulong, long>();
        using DataViewRowCursor cursor = data.GetRowCursor([label]);
        Func<ulong> read;
        if (label.Type is BooleanDataViewType)
        {
            ValueGetter<bool> getter = cursor.GetGetter<bool>(label);
            bool value = false;
            read = () => { getter(ref value); return value ? 1UL : 0UL; };
        }
        else
        {
            ValueGetter<uint> getter = cursor.GetGetter<uint>(label);
            uint value = 0;
            read = () => { getter(ref value); return value; };
        }
        while (cursor.MoveNext())
        {
            ulong c = read();
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }
        return counts.Count == 0 ? 0 : counts.Values.Min();
    }

    private sealed class ClassValue
    {
        public string Value { get; set; } = "";
    }
}
