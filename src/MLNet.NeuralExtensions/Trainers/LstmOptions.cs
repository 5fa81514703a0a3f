using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A recurrent network over sequences held in a vector column of steps × <see cref="FeaturesPerStep"/> values (step
/// after step, the features of one step together). Recurrent layers are stacked (each but the last passing its whole
/// sequence on), optionally bidirectional, with dropout between them; the last one's final state goes through the dense
/// layers to the linear output layer. Defaults: one LSTM of 64 units, Adam at 0.001, 20 epochs.
/// </summary>
/// <remarks>
/// The feature column is a vector of known size (every sequence has the same steps) or, with
/// <see cref="SequencesOfVaryingLength"/>, of varying size (<c>[VectorType]</c> without a size): each row is then one
/// sequence of 1 to <see cref="MaximumSequenceLength"/> steps. The network runs on sequences padded to that length and every recurrent layer stops at each sequence's own
/// end (as Keras' masking and PyTorch's packed sequences), so the padding never changes a prediction; ONNX scoring
/// passes the lengths to the recurrent operators' <c>sequence_lens</c>. Dense layers after the recurrent ones see only
/// the last state. A varying-size column needs layers that work step by step, which every option here gives.
/// </remarks>
public sealed class LstmOptions : NeuralNetworkOptions
{
    /// <summary>Creates options with the defaults, 20 epochs among them.</summary>
    public LstmOptions()
        : base(epochs: 20)
    {
    }

    /// <summary>Gets or sets the features of one step; the feature vector's size divided by it is the number of steps.
    /// Default 1: a univariate sequence.</summary>
    public int FeaturesPerStep { get; set; } = 1;

    /// <summary>Gets or sets whether the feature column is a vector of varying size (ML.NET's VarVector&lt;Single&gt;)
    /// holding one sequence per row, of whole steps of <see cref="FeaturesPerStep"/> values. Default false: a vector of known
    /// size, steps × <see cref="FeaturesPerStep"/>.</summary>
    public bool SequencesOfVaryingLength { get; set; }

    /// <summary>Gets or sets the most steps a sequence of a varying-size feature column may have, for training and scoring;
    /// null (default) for the longest training sequence. Longer rows are rejected with their row number. Not used for a
    /// known-size column.</summary>
    public int? MaximumSequenceLength { get; set; }

    /// <summary>Gets or sets the units of each stacked recurrent layer, input side first. Default [64].</summary>
    public int[] RecurrentUnits { get; set; } = [64];

    /// <summary>Gets or sets the recurrent layer. Default <see cref="RecurrentCell.Lstm"/>.</summary>
    public RecurrentCell Cell { get; set; } = RecurrentCell.Lstm;

    /// <summary>Gets or sets whether each recurrent layer also reads the sequence backwards, the two directions'
    /// outputs concatenated. Default false.</summary>
    public bool Bidirectional { get; set; }

    /// <summary>Gets or sets the dropout rate after each recurrent and dense layer, in [0, 1). Default 0: none.</summary>
    public float DropoutRate { get; set; }

    /// <summary>Gets or sets the units of each dense layer after the recurrent ones. Default []: none.</summary>
    public int[] HiddenLayers { get; set; } = [];

    /// <summary>Gets or sets the dense layers' activation. Default ReLU.</summary>
    public ActivationFunction Activation { get; set; } = ActivationFunction.ReLU;

    internal override TensorShape InputShape(int inputSize)
    {
        if (inputSize % FeaturesPerStep != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"Feature column '{FeatureColumnName}' holds {inputSize} values per row, which is not a whole number of steps of {FeaturesPerStep} features (FeaturesPerStep).");
        }

        return new TensorShape(inputSize / FeaturesPerStep, FeaturesPerStep);
    }

    internal override bool ReadsSequencesOfVaryingLength => SequencesOfVaryingLength;

    internal override int ValuesPerStep => FeaturesPerStep;

    internal override int? MaximumSteps => MaximumSequenceLength ?? InitialModel?.Network.InputShape[0];

    internal override Sequential CreateNetwork(int inputSize, int outputs)
    {
        var layers = new List<Layer>();
        for (int i = 0; i < RecurrentUnits.Length; i++)
        {
            bool sequences = i < RecurrentUnits.Length - 1;
            RecurrentLayer layer = Cell switch
            {
                RecurrentCell.Gru => new Gru(RecurrentUnits[i], sequences, kernelRegularization: KernelRegularization),
                RecurrentCell.SimpleRnn => new SimpleRnn(RecurrentUnits[i], returnSequences: sequences, kernelRegularization: KernelRegularization),
                _ => new Lstm(RecurrentUnits[i], sequences, kernelRegularization: KernelRegularization),
            };
            layers.Add(Bidirectional ? new Engine.Bidirectional(layer) : layer);
            if (DropoutRate > 0f)
            {
                layers.Add(new Dropout(DropoutRate));
            }
        }

        DenseHead.Append(layers, HiddenLayers, Activation, DropoutRate, batchNormalization: false, KernelRegularization, outputs);
        return new Sequential(layers);
    }

    internal override void Validate()
    {
        base.Validate();
        DenseHead.Validate(HiddenLayers, Activation, DropoutRate);
        ArgumentNullException.ThrowIfNull(RecurrentUnits, nameof(RecurrentUnits));
        if (RecurrentUnits.Length == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RecurrentUnits), "A recurrent network needs at least one recurrent layer.");
        }

        DenseHead.PositiveSizes(RecurrentUnits, nameof(RecurrentUnits), "Every recurrent layer needs at least one unit");
        ArgumentOutOfRangeException.ThrowIfLessThan(FeaturesPerStep, 1, nameof(FeaturesPerStep));
        if (MaximumSequenceLength is int maximum)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 1, nameof(MaximumSequenceLength));
        }

        if (!Enum.IsDefined(Cell))
        {
            throw new ArgumentOutOfRangeException(nameof(Cell), Cell, "Unknown recurrent cell.");
        }
    }
}
