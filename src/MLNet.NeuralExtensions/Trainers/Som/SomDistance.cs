namespace MLNet.NeuralExtensions.Trainers;

/// <summary>How far a row is from a node's weights: it picks the best-matching node and is the map's Score.</summary>
public enum SomDistance : byte
{
    /// <summary>√Σ(x − w)².</summary>
    Euclidean = 0,

    /// <summary>1 − x·w / (‖x‖ ‖w‖), or 1 when either is the zero vector.</summary>
    Cosine = 1,

    /// <summary>Σ|x − w|.</summary>
    Manhattan = 2,

    /// <summary>max |x − w|.</summary>
    Chebyshev = 3,
}
