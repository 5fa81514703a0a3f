using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Class weights that make every class count as much as the others in a weighted loss.</summary>
public static class ClassWeights
{
    /// <summary>
    /// scikit-learn's "balanced" weights, n / (classes present × n_c), for the labels ML.NET's classification trainers
    /// take: a Boolean label (index 0 for false, 1 for true) or a key label (index key − 1, one weight for every value of
    /// the key type; a class absent from the data gets weight 0).
    /// </summary>
    /// <param name="data">The training data.</param>
    /// <param name="labelColumnName">The label column; "Label" by default.</param>
    /// <returns>One weight per class index.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The label column is missing or neither Boolean nor a key of known
    /// count; the message names it.</exception>
    /// <exception cref="InvalidDataException">A key label is missing; the message names the column and the row.</exception>
    public static float[] Balanced(IDataView data, string labelColumnName = DefaultColumnNames.Label)
    {
        Contracts.CheckValue(data, nameof(data));
        Contracts.CheckNonEmpty(labelColumnName, nameof(labelColumnName));
        DataViewSchema.Column label = data.Schema.GetColumnOrNull(labelColumnName) ?? throw Contracts.ExceptSchemaMismatch(nameof(data), "label", labelColumnName);
        if (label.Type is not (BooleanDataViewType or KeyDataViewType { Count: > 0 and <= int.MaxValue }))
        {
            throw Contracts.ExceptSchemaMismatch(nameof(data), "label", labelColumnName, "Boolean or a key of known count", label.Type.ToString());
        }

        LabelClasses classes = LabelClasses.Read(data, label);
        bool isKey = label.Type is KeyDataViewType;
        float[] weights = new float[isKey ? (int)label.Type.GetKeyCount() : 2];
        double n = classes.ClassOfRow.Length;
        for (int c = 0; c < classes.Counts.Length; c++)
        {
            weights[(int)classes.Number(c) - (isKey ? 1 : 0)] = (float)(n / (classes.Counts.Length * (double)classes.Counts[c]));
        }

        return weights;
    }
}
