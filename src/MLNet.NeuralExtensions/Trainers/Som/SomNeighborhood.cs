namespace MLNet.NeuralExtensions.Trainers;

/// <summary>How much a node moves toward a row, by its distance d on the grid from the row's best-matching node and the
/// current radius σ.</summary>
public enum SomNeighborhood : byte
{
    /// <summary>exp(−d² / 2σ²).</summary>
    Gaussian = 0,

    /// <summary>1 when d ≤ σ, else 0.</summary>
    Bubble = 1,

    /// <summary>(1 − d²/σ²) · exp(−d² / 2σ²): nearby nodes are pulled and a ring further out is pushed away. Online
    /// training only, since the negative weights leave the batch update's weighted mean undefined.</summary>
    MexicanHat = 2,

    /// <summary>max(0, 1 − d/σ).</summary>
    Triangle = 3,
}
