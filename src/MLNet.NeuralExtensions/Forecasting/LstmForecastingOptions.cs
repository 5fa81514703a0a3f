using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Forecasting;

/// <summary>
/// Options of <see cref="LstmForecastingEstimator"/> (<c>mlContext.Forecasting.ForecastByLstm</c>): a recurrent network
/// reads the last <see cref="WindowSize"/> values of a series and outputs the next <see cref="Horizon"/> at once. The
/// series is standardized inside the model with the training series' mean and standard deviation; the network trains
/// with mean squared error on every window of the training series, the training loop set as for every network
/// (<see cref="NetworkTrainingOptions"/>). Defaults: one LSTM layer of 64 units, Adam at 0.001, 50 epochs.
/// </summary>
/// <remarks>Every window of the training series is one training row; <see cref="NetworkTrainingOptions.Shuffle"/>
/// shuffles whole windows, and <see cref="NetworkTrainingOptions.ValidationFraction"/> holds out windows at random
/// (neighbouring windows overlap, so such a validation loss is optimistic; validate on a later stretch of the series
/// instead where that matters).</remarks>
public sealed class LstmForecastingOptions : NetworkTrainingOptions
{
    /// <summary>Creates the options with their defaults, 50 epochs among them.</summary>
    public LstmForecastingOptions()
        : base(epochs: 50)
    {
    }

    /// <summary>Gets or sets the forecast column, a vector of <see cref="Horizon"/> Single values: the values forecast
    /// for the rows after each row. Required.</summary>
    public string OutputColumnName { get; set; } = "";

    /// <summary>Gets or sets the series column, a Single scalar, one observation per row in time order. Required.</summary>
    public string InputColumnName { get; set; } = "";

    /// <summary>Gets or sets the number of observations the network reads, the last being the current row's. Required,
    /// at least 1.</summary>
    public int WindowSize { get; set; }

    /// <summary>Gets or sets the number of values forecast after each row. Required, at least 1.</summary>
    public int Horizon { get; set; }

    /// <summary>Gets or sets the column of lower confidence bounds (a vector like the forecast), or null (default) for
    /// none. Name both bounds or neither.</summary>
    public string? ConfidenceLowerBoundColumn { get; set; }

    /// <summary>Gets or sets the column of upper confidence bounds, or null (default) for none.</summary>
    public string? ConfidenceUpperBoundColumn { get; set; }

    /// <summary>Gets or sets the probability that a value falls between its bounds, in (0, 1). The bounds of step h are
    /// the forecast ± z · σₕ, z the normal quantile of (1 + level) / 2 and σₕ the root mean squared error of the h-step
    /// forecasts over the training series (in-sample, so the bounds are too narrow where the network overfits).
    /// Default 0.95.</summary>
    public float ConfidenceLevel { get; set; } = 0.95f;

    /// <summary>Gets or sets the units of each stacked recurrent layer, input side first. Default [64].</summary>
    public int[] RecurrentUnits { get; set; } = [64];

    /// <summary>Gets or sets the recurrent layer. Default <see cref="RecurrentCell.Lstm"/>.</summary>
    public RecurrentCell Cell { get; set; } = RecurrentCell.Lstm;

    /// <summary>The architecture as the LSTM trainers' options, which build the network: one value per step.</summary>
    internal LstmOptions Network => new()
    {
        FeaturesPerStep = 1,
        RecurrentUnits = RecurrentUnits,
        Cell = Cell,
        L1Regularization = L1Regularization,
        L2Regularization = L2Regularization,
    };

    /// <summary>Throws on a setting out of range, naming it and its value.</summary>
    internal override void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(OutputColumnName, nameof(OutputColumnName));
        ArgumentException.ThrowIfNullOrEmpty(InputColumnName, nameof(InputColumnName));
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowSize, 1, nameof(WindowSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Horizon, 1, nameof(Horizon));
        CheckConfidenceLevel(ConfidenceLevel, nameof(ConfidenceLevel));
        if ((ConfidenceLowerBoundColumn is null) != (ConfidenceUpperBoundColumn is null))
        {
            throw new ArgumentException($"Name both confidence bound columns or neither; got lower '{ConfidenceLowerBoundColumn}' and upper '{ConfidenceUpperBoundColumn}'.", nameof(ConfidenceLowerBoundColumn));
        }

        base.Validate();
        Network.Validate();
    }

    /// <summary>Throws unless <paramref name="level"/> is in (0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is out of range; the message names it.</exception>
    internal static void CheckConfidenceLevel(float level, string parameter)
    {
        if (!(level is > 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(parameter, level, $"The confidence level is {level}; it must be in (0, 1).");
        }
    }
}
