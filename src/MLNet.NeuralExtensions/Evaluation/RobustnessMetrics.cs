using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Evaluation;

/// <summary>A classifier's accuracy on data and on the adversarial examples an attack made of the same rows
/// (<see cref="RobustnessCatalog"/>).</summary>
public sealed class RobustnessMetrics
{
    internal RobustnessMetrics(AdversarialAttack attack, int rows, double accuracy, double attackedAccuracy)
    {
        Epsilon = attack.Epsilon;
        Norm = attack.Norm;
        Rows = rows;
        Accuracy = accuracy;
        AttackedAccuracy = attackedAccuracy;
    }

    /// <summary>Gets the attack's bound.</summary>
    public float Epsilon { get; }

    /// <summary>Gets the attack's norm.</summary>
    public AttackNorm Norm { get; }

    /// <summary>Gets the number of rows evaluated.</summary>
    public int Rows { get; }

    /// <summary>Gets the share of rows whose predicted class is their label, on the data as given.</summary>
    public double Accuracy { get; }

    /// <summary>Gets the share of rows whose adversarial example is still predicted as their label (robust accuracy).</summary>
    public double AttackedAccuracy { get; }
}
