namespace MLNet.NeuralExtensions.Engine;

/// <summary>How <see cref="Bidirectional"/> combines its two directions, as Keras' <c>merge_mode</c>.</summary>
public enum BidirectionalMerge
{
    /// <summary>Side by side along the last axis: twice the units (Keras' default, "concat").</summary>
    Concatenate,

    /// <summary>Element-wise sum ("sum").</summary>
    Sum,

    /// <summary>Element-wise mean ("ave").</summary>
    Average,
}
