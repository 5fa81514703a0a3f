namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Training on adversarial examples (<see cref="TrainingOptions.AdversarialTraining"/>): in every batch, a share of the
/// examples is replaced by their adversarial examples against the network as it stands, made by <see cref="Attack"/>,
/// before the step. With PGD and a share of 1 this is Madry et al.'s adversarial training; with FGSM from a random
/// start (<see cref="AdversarialAttack.FastGradientSign"/> with <c>randomStart</c>), Wong et al.'s fast adversarial
/// training; a share below 1 mixes clean and adversarial examples (Goodfellow et al.).
/// </summary>
public sealed class AdversarialTraining
{
    /// <summary>Trains on the adversarial examples <paramref name="attack"/> makes.</summary>
    /// <param name="attack">The attack; its bound, steps and clipping are those of the examples trained on.</param>
    /// <param name="adversarialFraction">The share of each batch replaced by adversarial examples, in (0, 1]. Default 0.5.</param>
    /// <exception cref="ArgumentOutOfRangeException">The share is outside (0, 1].</exception>
    public AdversarialTraining(AdversarialAttack attack, float adversarialFraction = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(attack);
        if (!(adversarialFraction is > 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(adversarialFraction), adversarialFraction, "The adversarial share of a batch must be in (0, 1].");
        }

        Attack = attack;
        AdversarialFraction = adversarialFraction;
    }

    /// <summary>Gets the attack that makes the adversarial examples.</summary>
    public AdversarialAttack Attack { get; }

    /// <summary>Gets the share of each batch replaced by adversarial examples.</summary>
    public float AdversarialFraction { get; }

    /// <summary>The number of a batch's examples that are replaced: the share of <paramref name="count"/>, rounded up.</summary>
    internal int Replaced(int count) => Math.Min(count, (int)MathF.Ceiling(AdversarialFraction * count));
}
