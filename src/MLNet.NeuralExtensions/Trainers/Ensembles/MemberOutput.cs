namespace MLNet.NeuralExtensions.Trainers;

/// <summary>What a member contributes to its ensemble, per row; chosen when the member is fitted and saved with it.</summary>
internal enum MemberOutput : byte
{
    /// <summary>The member's Score as it is: a regression prediction, a binary member's raw score (stacking, when it
    /// gives no probability), a multiclass member's Score vector (its class probabilities, or raw scores in stacking).</summary>
    Score = 0,

    /// <summary>A binary member's probability of the positive class (<c>IValueMapperDist</c>).</summary>
    Probability = 1,

    /// <summary>The softmax of a multiclass member's Score vector, for a member whose Score is not a probability
    /// distribution on its training rows (raw scores, such as <c>SdcaNonCalibrated</c>'s).</summary>
    Softmax = 2,

    /// <summary>1 for the class the member predicts and 0 elsewhere: binary Score &gt; 0 (ML.NET's threshold), multiclass
    /// the first highest Score.</summary>
    Vote = 3,
}
