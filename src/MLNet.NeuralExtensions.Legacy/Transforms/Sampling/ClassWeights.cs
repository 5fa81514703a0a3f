using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Class weights that make every class count as much as the others in a weighted loss.</summary>
public static class ClassWeights
{
    /// <summary>
    /// scikit-learn's "balanced" weights, n / (classes present × n_c), for the labels ML.NET's trainers take: a Boolean label
    /// (index 0 for false, 1 for true) or a key label (index key − 1, for every value of the key type; a class absent from
    /// the data gets weight 0).
    /// </summary>
    /// <param name="data">The training data.</param>
    /// <param name="labelColumnName">The label column; "Label" by default.</param>
    /// <returns>One weight per class index.</returns>
    public static float[] Balanced(IDataView data, string labelColumnName = DefaultColumnNames.Label)
    {
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column label = SchemaErrors.Require(data.Schema, labelColumnName, t => t is BooleanDataViewType || t is KeyDataViewType { Count: > 0 and <= int.MaxValue }, "Boolean or a key", "label");
        LabelClasses classes = LabelClasses.Read(data, label);
        int count = label.Type is KeyDataViewType key ? (int)key.Count : 2;
        long[] perClass = new long[count];
        for (int c = 0; c < classes.Values.Count; c++)
        {
            int index = classes.Values[c] switch
            {
                bool b => b ? 1 : 0,
                uint k => (int)k - 1,
                _ => throw new InvalidOperationException("Unexpected label value."),
            };
            perClass[index] = classes.Counts[c];
        }

        double n = classes.ClassOfRow.Length;
        return [.. perClass.Select(c => c == 0 ? 0f : (float)(n / (classes.Values.Count * (double)c)))];
    }
}
