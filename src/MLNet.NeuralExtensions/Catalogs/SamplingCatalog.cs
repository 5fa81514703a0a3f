using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions;

/// <summary>
/// Class-imbalance samplers (imbalanced-learn's), as extension methods of <c>mlContext.Transforms</c>. A sampler
/// changes the rows only while its estimator chain is fitted: the estimators after it are fitted on the resampled rows,
/// and the fitted pipeline passes rows through unchanged when it scores, is saved and loaded, or is exported to ONNX
/// (see <see cref="ResamplingTransformer"/>). Each takes imbalanced-learn's sampling strategies
/// (<see cref="SamplingStrategy.Auto"/> by default) and a seed, by default one drawn from the MLContext's random
/// source, as ML.NET's trainers draw theirs. The label is a Boolean, key, text or numeric scalar; the neighbour-based
/// samplers read a known-size vector of Single features with finite values and use euclidean distances.
/// </summary>
public static class SamplingCatalog
{
    /// <summary>Grows classes by repeating their rows at random (imbalanced-learn's RandomOverSampler).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="strategy">Which classes grow and to what size; by default every class but the majority grows to the
    /// majority's size.</param>
    /// <param name="seed">The random seed; by default drawn from the MLContext.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator OverSampleRandomly(this TransformsCatalog catalog, string labelColumnName = DefaultColumnNames.Label,
        SamplingStrategy? strategy = null, int? seed = null) =>
        Create(catalog, new RandomOverResampler(), labelColumnName, null, strategy, seed);

    /// <summary>Shrinks classes by keeping a random subset of their rows (imbalanced-learn's RandomUnderSampler).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="strategy">Which classes shrink and to what size; by default every class but the minority shrinks to
    /// the minority's size.</param>
    /// <param name="replacement">Whether the kept rows are drawn with replacement; <see langword="false"/> by default.</param>
    /// <param name="seed">The random seed; by default drawn from the MLContext.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator UnderSampleRandomly(this TransformsCatalog catalog, string labelColumnName = DefaultColumnNames.Label,
        SamplingStrategy? strategy = null, bool replacement = false, int? seed = null) =>
        Create(catalog, new RandomUnderResampler(replacement), labelColumnName, null, strategy, seed);

    /// <summary>Grows classes with synthetic rows, each on the segment between a row of the class and one of its k nearest
    /// neighbours in the class (SMOTE, imbalanced-learn's SMOTE).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="featureColumnName">The feature vector; "Features" by default.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="numberOfNeighbors">k; 5 by default. Every class that grows needs more rows than k.</param>
    /// <param name="strategy">Which classes grow and to what size; by default every class but the majority grows to the
    /// majority's size.</param>
    /// <param name="seed">The random seed; by default drawn from the MLContext.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator OverSampleSmote(this TransformsCatalog catalog, string featureColumnName = DefaultColumnNames.Features,
        string labelColumnName = DefaultColumnNames.Label, int numberOfNeighbors = 5, SamplingStrategy? strategy = null, int? seed = null) =>
        Create(catalog, new SmoteResampler(numberOfNeighbors, []), labelColumnName, featureColumnName, strategy, seed);

    /// <summary>SMOTE for numeric and categorical features (SMOTE-NC, imbalanced-learn's SMOTENC): the listed slots hold
    /// category codes, which a synthetic row takes from its seed's neighbours (the most frequent code) instead of
    /// interpolating, and which count in distances as imbalanced-learn counts them.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="categoricalSlots">The indices of the categorical slots of the feature vector; at least one, and at
    /// least one slot must stay numeric.</param>
    /// <param name="featureColumnName">The feature vector; "Features" by default.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="numberOfNeighbors">k; 5 by default. Every class that grows needs more rows than k.</param>
    /// <param name="strategy">Which classes grow and to what size; by default every class but the majority grows to the
    /// majority's size.</param>
    /// <param name="seed">The random seed; by default drawn from the MLContext.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator OverSampleSmoteNC(this TransformsCatalog catalog, int[] categoricalSlots, string featureColumnName = DefaultColumnNames.Features,
        string labelColumnName = DefaultColumnNames.Label, int numberOfNeighbors = 5, SamplingStrategy? strategy = null, int? seed = null)
    {
        Contracts.CheckValue(categoricalSlots, nameof(categoricalSlots));
        Contracts.CheckParam(categoricalSlots.Length > 0 && categoricalSlots.All(s => s >= 0), nameof(categoricalSlots),
            "SMOTE-NC needs at least one categorical slot, each a slot index ≥ 0; use OverSampleSmote for numeric features only.");
        return Create(catalog, new SmoteResampler(numberOfNeighbors, [.. categoricalSlots.Distinct().Order()]), labelColumnName, featureColumnName, strategy, seed);
    }

    /// <summary>SMOTE seeded only by the rows near the class border, those whose m nearest neighbours are at least half,
    /// but not all, of other classes (Borderline-SMOTE, imbalanced-learn's BorderlineSMOTE).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="featureColumnName">The feature vector; "Features" by default.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="kind">The variant; <see cref="BorderlineSmoteKind.Borderline1"/> by default.</param>
    /// <param name="numberOfNeighbors">k, the neighbours new rows are interpolated towards; 5 by default.</param>
    /// <param name="numberOfDangerNeighbors">m, the neighbours that decide whether a row is near the border; 10 by
    /// default.</param>
    /// <param name="strategy">Which classes grow and to what size; by default every class but the majority grows to the
    /// majority's size. A class with no row near the border does not grow.</param>
    /// <param name="seed">The random seed; by default drawn from the MLContext.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator OverSampleBorderlineSmote(this TransformsCatalog catalog, string featureColumnName = DefaultColumnNames.Features,
        string labelColumnName = DefaultColumnNames.Label, BorderlineSmoteKind kind = BorderlineSmoteKind.Borderline1, int numberOfNeighbors = 5,
        int numberOfDangerNeighbors = 10, SamplingStrategy? strategy = null, int? seed = null) =>
        Create(catalog, new BorderlineSmoteResampler(kind, numberOfNeighbors, numberOfDangerNeighbors), labelColumnName, featureColumnName, strategy, seed);

    /// <summary>SMOTE in which each row seeds new rows in proportion to the number of its k nearest neighbours of other
    /// classes (ADASYN, imbalanced-learn's ADASYN).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="featureColumnName">The feature vector; "Features" by default.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="numberOfNeighbors">k; 5 by default. Every class that grows needs more rows than k.</param>
    /// <param name="strategy">Which classes grow and to about what size; by default every class but the majority grows to
    /// about the majority's size.</param>
    /// <param name="seed">The random seed; by default drawn from the MLContext.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator OverSampleAdasyn(this TransformsCatalog catalog, string featureColumnName = DefaultColumnNames.Features,
        string labelColumnName = DefaultColumnNames.Label, int numberOfNeighbors = 5, SamplingStrategy? strategy = null, int? seed = null) =>
        Create(catalog, new AdasynResampler(numberOfNeighbors), labelColumnName, featureColumnName, strategy, seed);

    /// <summary>Removes the rows of Tomek links, pairs of rows of different classes that are each other's nearest
    /// neighbour, from the classes the strategy cleans (imbalanced-learn's TomekLinks).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="featureColumnName">The feature vector; "Features" by default.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="strategy">Which classes lose rows; by default every class but the minority. Also
    /// <see cref="SamplingStrategy.Classes{TLabel}"/>.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator RemoveTomekLinks(this TransformsCatalog catalog, string featureColumnName = DefaultColumnNames.Features,
        string labelColumnName = DefaultColumnNames.Label, SamplingStrategy? strategy = null) =>
        Create(catalog, new TomekLinksResampler(), labelColumnName, featureColumnName, strategy, 0);

    private static ResamplingEstimator Create(TransformsCatalog catalog, Resampler resampler, string labelColumnName, string? featureColumnName, SamplingStrategy? strategy, int? seed)
    {
        Contracts.CheckValue(catalog, nameof(catalog));
        IHostEnvironment env = catalog.GetEnvironment();
        env.CheckNonEmpty(labelColumnName, nameof(labelColumnName));
        if (featureColumnName is not null)
        {
            env.CheckNonEmpty(featureColumnName, nameof(featureColumnName));
        }

        int drawn = seed ?? env.Register(nameof(SamplingCatalog)).Rand.Next();
        return new ResamplingEstimator(env, new ResamplingTransformer(env, resampler, labelColumnName, featureColumnName, strategy ?? SamplingStrategy.Auto, drawn));
    }
}
