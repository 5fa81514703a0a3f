using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Evaluation;

/// <summary>Runs an attack on the network of a trained pipeline: the rows are transformed up to the network's feature
/// column, attacked there against their labels, and both the rows and their adversarial examples are classified by
/// the network.</summary>
internal static class RobustnessEvaluation
{
    public static RobustnessMetrics Evaluate(ITransformer model, IDataView data, AdversarialAttack attack, string labelColumnName, bool binary)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(attack);
        var (prediction, features) = NetworkInput(model, data);
        NeuralNetworkModelParameters parameters = prediction.Model;
        if (parameters.ReadsSequencesOfVaryingLength)
        {
            throw new NotSupportedException("An attack needs features of one size; this network reads sequences of varying length.");
        }

        DataViewSchema.Column featureColumn = Column(features, prediction.FeatureColumnName);
        DataViewSchema.Column label = Column(features, labelColumnName);
        float[] x = ColumnReader.ReadSingleVectors(features, featureColumn, out int rows, "an attack", [label], out double[][] scalars);
        float[] targets = Targets(scalars[0], label, binary);

        // The attack runs on a copy, so that the model's own network keeps serving other callers meanwhile.
        Sequential network = parameters.Network.Clone();
        Loss loss = binary ? new BinaryCrossEntropy(fromLogits: true) : new SparseCategoricalCrossEntropy(fromLogits: true);
        float[] adversarial = attack.Perturb(network, loss, x, targets, rows);
        return new RobustnessMetrics(attack, rows, Accuracy(network, x, targets, rows, binary), Accuracy(network, adversarial, targets, rows, binary));
    }

    // The neural prediction transformer and the data as it reaches it.
    private static (ISingleFeaturePredictionTransformer<NeuralNetworkModelParameters> Prediction, IDataView Features) NetworkInput(ITransformer model, IDataView data)
    {
        switch (model)
        {
            case ISingleFeaturePredictionTransformer<NeuralNetworkModelParameters> prediction:
                return (prediction, data);
            case IEnumerable<ITransformer> chain:
                ITransformer[] parts = [.. chain];
                for (int i = parts.Length - 1; i >= 0; i--)
                {
                    if (NeuralNetworkModelParameters.Holds(parts[i]))
                    {
                        IDataView before = parts[..i].Aggregate(data, (view, part) => part.Transform(view));
                        return NetworkInput(parts[i], before);
                    }
                }

                break;
        }

        throw new ArgumentException($"{model.GetType().Name} holds no neural network (a prediction transformer over NeuralNetworkModelParameters); attacks need a model with input gradients. For a tree or linear model, explain it with permutation feature importance or Kernel SHAP instead.", nameof(model));
    }

    private static DataViewSchema.Column Column(IDataView data, string name) =>
        data.Schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(name), $"Column '{name}' is not in the data ({string.Join(", ", data.Schema.Select(c => c.Name))}).");

    // Binary: 0 or 1; multiclass: the class index of a key label (its raw value − 1).
    private static float[] Targets(double[] labels, DataViewSchema.Column label, bool binary)
    {
        var targets = new float[labels.Length];
        for (int r = 0; r < labels.Length; r++)
        {
            double value = labels[r];
            if (binary)
            {
                targets[r] = value > 0 ? 1f : 0f;
            }
            else if (label.Type is KeyDataViewType && value >= 1)
            {
                targets[r] = (float)(value - 1);
            }
            else
            {
                throw new InvalidDataException($"Label column '{label.Name}', row {r}: {(label.Type is KeyDataViewType ? "the key is missing" : $"the column is {label.Type}, not a key")}; a multiclass attack needs each row's class.");
            }
        }

        return targets;
    }

    private static double Accuracy(Sequential network, float[] features, float[] targets, int rows, bool binary)
    {
        float[] outputs = network.Predict(features, rows);
        int width = outputs.Length / Math.Max(rows, 1), correct = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> o = outputs.AsSpan(r * width, width);
            int predicted = binary ? (o[0] > 0f ? 1 : 0) : System.Numerics.Tensors.TensorPrimitives.IndexOfMax(o);
            correct += predicted == (int)targets[r] ? 1 : 0;
        }

        return rows == 0 ? double.NaN : correct / (double)rows;
    }
}
