namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Where a self-organizing map's nodes start.</summary>
public enum SomInitialization : byte
{
    /// <summary>Each node starts at a training row drawn at random (distinct rows while there are enough).</summary>
    Random = 0,

    /// <summary>The nodes start on the plane of the data's first two principal components: node (column, row) at
    /// mean + a·√λ₁·v₁ + b·√λ₂·v₂, with a running from −1 to 1 across the columns and b across the rows (deterministic).</summary>
    Pca = 1,
}
