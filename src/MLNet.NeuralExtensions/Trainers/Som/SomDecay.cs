namespace MLNet.NeuralExtensions.Trainers;

/// <summary>How the learning rate and the radius fall from their start value s to their final value f over training, at
/// progress p, which runs from 0 at the first update to 1 at the last.</summary>
public enum SomDecay : byte
{
    /// <summary>s + (f − s) · p.</summary>
    Linear = 0,

    /// <summary>s · (f / s)^p.</summary>
    Exponential = 1,

    /// <summary>s / (1 + 2p), MiniSom's default; the final value is not used.</summary>
    Asymptotic = 2,
}
