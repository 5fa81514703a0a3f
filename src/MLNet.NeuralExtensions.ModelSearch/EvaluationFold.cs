using Microsoft.ML;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>One comparison split of a search: rows to train on (in shuffled order, so their first rows are a random
/// sample) and held-out rows to score.</summary>
/// <param name="Train">The training rows.</param>
/// <param name="TrainRows">How many there are.</param>
/// <param name="Test">The held-out rows.</param>
internal sealed record EvaluationFold(IDataView Train, long TrainRows, IDataView Test);
