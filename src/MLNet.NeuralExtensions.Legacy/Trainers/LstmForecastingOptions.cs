using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Options of <see cref="LstmForecastingEstimator"/>: a recurrent network reads the last <see cref="WindowSize"/> values
/// of a series and outputs the next <see cref="Horizon"/> at once. The series is standardized inside the model with
/// the training series' mean and standard deviation; the network trains on every window of the training series with
/// mean squared error.
/// </summary>
public sealed class LstmForecastingOptions : NetworkTrainingOptions
{
    /// <summary>Creates the options with their defaults: 50 epochs.</summary>
    public LstmForecastingOptions()
        : base(epochs: 50)
    {
    }

    /// <summary>Gets or sets the column of forecasts, a vector of <see cref="Horizon"/> Single values. Required.</summary>
    public string OutputColumnName { get; set; } = "";

    /// <summary>Gets or sets the series column, Single, one observation per row in time order. Required.</summary>
    public string InputColumnName { get; set; } = "";

    /// <summary>Gets or sets the observations the network reads, the last one being the current row's. Required, at
    /// least 1.</summary>
    public int WindowSize { get; set; }

    /// <summary>Gets or sets the number of values forecast after each row. Required, at least 1.</summary>
    public int Horizon { get; set; }

    /// <summary>Gets or sets the column of lower confidence bounds (a vector like the forecasts), or null (default) for
    /// none.</summary>
    public string? ConfidenceLowerBoundColumn { get; set; }

    /// <summary>Gets or sets the column of upper confidence bounds, or null (default) for none.</summary>
    public string? ConfidenceUpperBoundColumn { get; set; }

    /// <summary>Gets or sets the probability that a value falls between its bounds, in (0, 1). The bounds are the forecast
    /// ± z · σₕ, with z the normal quantile and σₕ the root mean squared error of the h-step forecasts over the training
    /// series (in-sample, so the bounds are too narrow when the network overfits). Default 0.95.</summary>
    public float ConfidenceLevel { get; set; } = 0.95f;

    /// <summary>Gets or sets the units of each stacked recurrent layer. Default [64].</summary>
    public int[] RecurrentUnits { get; set; } = [64];

    /// <summary>Gets or sets the recurrent layer. Default <see cref="RecurrentCell.Lstm"/>.</summary>
    public RecurrentCell Cell { get; set; } = RecurrentCell.Lstm;

    /// <summary>The architecture as the LSTM trainers' options, which build the network.</summary>
    internal LstmOptions Network => new()
    {
        FeaturesPerStep = 1,
        RecurrentUnits = RecurrentUnits,
        Cell = Cell,
        L1Regularization = L1Regularization,
        L2Regularization = L2Regularization,
    };

    /// <inheritdoc/>
    internal override void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(OutputColumnName, nameof(OutputColumnName));
        ArgumentException.ThrowIfNullOrEmpty(InputColumnName, nameof(InputColumnName));
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowSize, 1, nameof(WindowSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Horizon, 1, nameof(Horizon));
        if (!(ConfidenceLevel is > 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), ConfidenceLevel, "The confidence level must be in (0, 1).");
        }

        if ((ConfidenceLowerBoundColumn is null) != (ConfidenceUpperBoundColumn is null))
        {
            throw new ArgumentException("Name both confidence bound columns or neither.", nameof(ConfidenceLowerBoundColumn));
        }

        base.Validate();
        Network.Validate();
    }
}
