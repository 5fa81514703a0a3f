using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// What every supervised neural trainer shares: the columns, the loss, class weights, transfer learning, and the training
/// loop of <see cref="NetworkTrainingOptions"/>. The architecture is the derived options' (<see cref="MlpOptions"/>,
/// <see cref="CnnOptions"/>, <see cref="LstmOptions"/>).
/// </summary>
public abstract class NeuralNetworkOptions : NetworkTrainingOptions
{
    private protected NeuralNetworkOptions(int epochs)
        : base(epochs)
    {
    }

    /// <summary>Gets or sets the label column. Default "Label": Boolean (or Single/Double, &gt; 0 positive, or a key of two
    /// values) for binary classification, a key for multiclass, Single or Double for regression.</summary>
    public string LabelColumnName { get; set; } = DefaultColumnNames.Label;

    /// <summary>Gets or sets the feature column, a known-size vector of Single (for <see cref="LstmOptions"/> with
    /// <see cref="LstmOptions.SequencesOfVaryingLength"/>, a vector of varying size, one sequence per row). Default
    /// "Features".</summary>
    public string FeatureColumnName { get; set; } = DefaultColumnNames.Features;

    /// <summary>Gets or sets a Single column of per-row weights, or null (default) for equal weights.</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>Gets or sets the loss, or null (default) for the task's: binary cross-entropy from logits, sparse
    /// categorical cross-entropy from logits, mean squared error. A classification loss must take logits
    /// (<c>fromLogits: true</c>), since the network's last layer is linear; focal losses are allowed.</summary>
    public Loss? Loss { get; set; }

    /// <summary>Gets or sets one weight per class for classification (index 0 = false, 1 = true for binary; key − 1 for
    /// multiclass), multiplied into the row weights; <c>ClassWeights.Balanced</c> computes balanced ones. Null (default)
    /// for none.</summary>
    public float[]? ClassWeights { get; set; }

    /// <summary>Gets or sets whether a regression label is standardized (its training mean and standard deviation) for
    /// training and the outputs mapped back inside the model, so the network learns targets of any scale. Default true;
    /// ignored for classification.</summary>
    public bool StandardizeLabel { get; set; } = true;

    /// <summary>Gets or sets a trained model to start from (transfer learning), or null (default) to build the network the
    /// options describe. Its network's layers and weights are copied (the model itself is not changed) and its output
    /// layer is replaced by a new one sized for this task, unless <see cref="KeepOutputLayer"/>; the architecture options
    /// are then not used. <see cref="NeuralNetworkModelParameters.From"/> finds the model in a loaded pipeline.</summary>
    public NeuralNetworkModelParameters? InitialModel { get; set; }

    /// <summary>Gets or sets how many leading layers of <see cref="InitialModel"/>'s network keep their weights while the
    /// rest train (count every layer, activations and pooling included, as <see cref="Sequential.Summary"/> lists them).
    /// Default 0: all train. Batch normalization in a frozen layer still updates its moving statistics.</summary>
    public int FrozenLayerCount { get; set; }

    /// <summary>Gets or sets whether <see cref="InitialModel"/>'s output layer is kept, with its weights, to fine-tune on
    /// the same task and classes. Default false: a new output layer.</summary>
    public bool KeepOutputLayer { get; set; }

    /// <summary>Creates the network for <paramref name="inputSize"/> feature values and <paramref name="outputs"/>
    /// linear outputs.</summary>
    internal abstract Sequential CreateNetwork(int inputSize, int outputs);

    /// <summary>The network to train: a copy of <see cref="InitialModel"/>'s, prepared for transfer, or a new one.</summary>
    /// <exception cref="ArgumentException">The initial network does not fit the features or the task's outputs.</exception>
    internal Sequential CreateTrainingNetwork(int inputSize, int outputs)
    {
        if (InitialModel is null)
        {
            return CreateNetwork(inputSize, outputs);
        }

        Sequential start = InitialModel.Network.Clone();
        TensorShape shape = InputShape(inputSize);
        if (start.InputShape != shape)
        {
            throw new ArgumentException($"The InitialModel's network takes inputs of shape {start.InputShape}; feature column '{FeatureColumnName}' gives {shape}.");
        }

        List<Layer> layers = [.. start.Layers];
        if (KeepOutputLayer)
        {
            if (start.OutputShape.Size != outputs)
            {
                throw new ArgumentException($"The InitialModel's network has {start.OutputShape.Size} outputs and this task needs {outputs}; set KeepOutputLayer to false for a new output layer.");
            }
        }
        else
        {
            if (layers[^1] is not Dense)
            {
                throw new ArgumentException($"The InitialModel's network ends in {layers[^1]}, not a Dense output layer that can be replaced.");
            }

            layers[^1] = new Dense(outputs, kernelRegularization: KernelRegularization);
        }

        if (FrozenLayerCount >= layers.Count)
        {
            throw new ArgumentException($"FrozenLayerCount is {FrozenLayerCount}, but the network has {layers.Count} layers and at least the last must train.");
        }

        for (int i = 0; i < layers.Count; i++)
        {
            layers[i].IsTrainable = i >= FrozenLayerCount;
        }

        return new Sequential(layers);
    }

    /// <summary>Whether the feature column is a vector of varying size holding one sequence per row.</summary>
    internal virtual bool ReadsSequencesOfVaryingLength => false;

    /// <summary>The values of one step of a sequence of varying length.</summary>
    internal virtual int ValuesPerStep => 1;

    /// <summary>The most steps a sequence of varying length may have, or null for the longest training sequence.</summary>
    internal virtual int? MaximumSteps => null;

    /// <summary>The shape one row's features take in the network.</summary>
    internal virtual TensorShape InputShape(int inputSize) => new(inputSize);

    /// <inheritdoc/>
    internal override void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(LabelColumnName, nameof(LabelColumnName));
        ArgumentException.ThrowIfNullOrEmpty(FeatureColumnName, nameof(FeatureColumnName));
        base.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(FrozenLayerCount);
        if (InitialModel is null && (FrozenLayerCount > 0 || KeepOutputLayer))
        {
            throw new ArgumentException("FrozenLayerCount and KeepOutputLayer apply to an InitialModel's network; set InitialModel.");
        }
    }
}
