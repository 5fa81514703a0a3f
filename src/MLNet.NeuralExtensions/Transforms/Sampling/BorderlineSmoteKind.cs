namespace MLNet.NeuralExtensions.Transforms;

/// <summary>The Borderline-SMOTE variants.</summary>
public enum BorderlineSmoteKind : byte
{
    /// <summary>New rows lie between a border row and one of its k nearest neighbours of the same class.</summary>
    Borderline1 = 1,

    /// <summary>A Beta(10, 10) share of the new rows is grown as in <see cref="Borderline1"/>; the others lie between a
    /// border row and one of its k nearest rows of other classes, in the half of the segment nearer the border row.</summary>
    Borderline2 = 2,
}
