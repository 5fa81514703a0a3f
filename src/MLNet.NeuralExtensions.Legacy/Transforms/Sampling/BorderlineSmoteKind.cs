namespace MLNet.NeuralExtensions.Transforms;

/// <summary>The Borderline-SMOTE variants.</summary>
public enum BorderlineSmoteKind : byte
{
    /// <summary>New rows lie between a border row and its neighbours of the same class.</summary>
    Borderline1 = 1,

    /// <summary>Part of the new rows lie between a border row and its neighbours of other classes, nearer the border row.</summary>
    Borderline2 = 2,
}
