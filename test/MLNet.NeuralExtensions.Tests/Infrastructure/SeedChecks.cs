using Microsoft.ML;

namespace MLNet.NeuralExtensions.Tests.Infrastructure;

/// <summary>The seed rule every component keeps: one seed, one result; without a seed, the MLContext's.</summary>
internal static class SeedChecks
{
    /// <summary>Asserts that <paramref name="outputs"/> (a component trained in the given MLContext with the given seed,
    /// or null for none, and its outputs) repeat for seed 7, change for seed 8, and without a seed follow the
    /// MLContext's seed.</summary>
    public static void Reproduce(MLContext ml, Func<MLContext, int?, float[]> outputs)
    {
        CollectionAssert.AreEqual(outputs(ml, 7), outputs(ml, 7), "same seed, same outputs");
        CollectionAssert.AreNotEqual(outputs(ml, 7), outputs(ml, 8), "another seed, other outputs");
        CollectionAssert.AreEqual(outputs(new MLContext(3), null), outputs(new MLContext(3), null), "the MLContext's seed, when the options set none");
        CollectionAssert.AreNotEqual(outputs(new MLContext(3), null), outputs(new MLContext(4), null), "another MLContext seed, other outputs");
    }
}
