namespace MLNet.NeuralExtensions.Engine;

/// <summary>The norm that bounds an adversarial perturbation and shapes its steps (<see cref="AdversarialAttack"/>).</summary>
public enum AttackNorm
{
    /// <summary>L∞: every input value moves by at most ε; a step moves each value by the step size in the direction of
    /// its gradient's sign.</summary>
    LInfinity,

    /// <summary>L2: the Euclidean length of an example's perturbation is at most ε; a step moves the example by the step
    /// size along its normalized gradient.</summary>
    L2,
}
