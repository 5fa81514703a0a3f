using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions;

/// <summary>
/// Class-imbalance samplers, as extension methods of <c>mlContext.Transforms</c>. A sampler changes the rows only while
/// its pipeline is fitted (the estimators after it learn from the resampled data); the fitted pipeline passes rows
/// through unchanged when scoring. Each takes imbalanced-learn's sampling strategies (<see cref="SamplingStrategy.Auto"/>
/// by default) and a seed (by default one drawn from the MLContext's). The neighbour-based samplers read a known-size
/// Single or Double feature vector and tolerate missing values through nan-euclidean distances.
/// </summary>
public static class SamplingCatalog
{
    /// <summary>Grows classes by repeating their rows at random (imbalanced-learn's RandomOverSampler).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="strategy">Which classes grow and to what size; "not majority" by default, every class to the majority's size.</param>
    /// <param name="seed">The random seed; drawn from the MLContext by default.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator OverSampleRandomly(this TransformsCatalog catalog, string labelColumnName = DefaultColumnNames.Label,
        SamplingStrategy? strategy = null, int? seed = null) =>
        Create(catalog, new RandomOverResampler(), labelColumnName, null, strategy, seed);

    /// <summary>Shrinks classes by keeping a random subset of their rows (imbalanced-learn's RandomUnderSampler).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="strategy">Which classes shrink and to what size; "not minority" by default, every class to the minority's size.</param>
    /// <param name="replacement">Whether rows are drawn with replacement; <see langword="false"/> by default.</param>
    /// <param name="seed">The random seed; drawn from the MLContext by default.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator UnderSampleRandomly(this TransformsCatalog catalog, string labelColumnName = DefaultColumnNames.Label,
        SamplingStrategy? strategy = null, bool replacement = false, int? seed = null) =>
        Create(catalog, new RandomUnderResampler(replacement), labelColumnName, null, strategy, seed);

    /// <summary>Grows classes with synthetic rows on segments between a row and one of its k nearest neighbours of the same class (SMOTE).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="featureColumnName">The feature vector; "Features" by default.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="numberOfNeighbors">k; 5 by default. Every resampled class needs more rows than k.</param>
    /// <param name="strategy">Which classes grow and to what size; "not majority" by default.</param>
    /// <param name="seed">The random seed; drawn from the MLContext by default.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator OverSampleSmote(this TransformsCatalog catalog, string featureColumnName = DefaultColumnNames.Features,
        string labelColumnName = DefaultColumnNames.Label, int numberOfNeighbors = 5, SamplingStrategy? strategy = null, int? seed = null) =>
        Create(catalog, new SmoteResampler(numberOfNeighbors, []), labelColumnName, featureColumnName, strategy, seed);

    /// <summary>SMOTE for mixed data (SMOTE-NC): the listed slots hold category codes, which are copied from the neighbours' most frequent
    /// value instead of interpolated, and which count in distances by the median standard deviation of the numeric slots.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="categoricalSlots">The indices of the categorical slots of the feature vector; at least one slot must stay numeric.</param>
    /// <param name="featureColumnName">The feature vector; "Features" by default.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="numberOfNeighbors">k; 5 by default.</param>
    /// <param name="strategy">Which classes grow and to what size; "not majority" by default.</param>
    /// <param name="seed">The random seed; drawn from the MLContext by default.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator OverSampleSmoteNC(this TransformsCatalog catalog, int[] categoricalSlots, string featureColumnName = DefaultColumnNames.Features,
        string labelColumnName = DefaultColumnNames.Label, int numberOfNeighbors = 5, SamplingStrategy? strategy = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(categoricalSlots);
        if (categoricalSlots.Length == 0 || categoricalSlots.Any(s => s < 0))
        {
            throw new ArgumentException("SMOTE-NC needs at least one categorical slot, each a non-negative slot index; use OverSampleSmote for numeric data.", nameof(categoricalSlots));
        }

        return Create(catalog, new SmoteResampler(numberOfNeighbors, [.. categoricalSlots.Distinct()]), labelColumnName, featureColumnName, strategy, seed);
    }

    /// <summary>SMOTE seeded only by rows near the class border: rows whose m nearest neighbours are mostly, but not all, of other classes (Borderline-SMOTE).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="featureColumnName">The feature vector; "Features" by default.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="kind">Borderline-1 (the default) interpolates towards same-class neighbours only; Borderline-2 also part-way towards other classes.</param>
    /// <param name="numberOfNeighbors">k, the neighbours interpolated towards; 5 by default.</param>
    /// <param name="numberOfDangerNeighbors">m, the neighbours that decide whether a row is on the border; 10 by default.</param>
    /// <param name="strategy">Which classes grow and to what size; "not majority" by default.</param>
    /// <param name="seed">The random seed; drawn from the MLContext by default.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator OverSampleBorderlineSmote(this TransformsCatalog catalog, string featureColumnName = DefaultColumnNames.Features,
        string labelColumnName = DefaultColumnNames.Label, BorderlineSmoteKind kind = BorderlineSmoteKind.Borderline1, int numberOfNeighbors = 5,
        int numberOfDangerNeighbors = 10, SamplingStrategy? strategy = null, int? seed = null) =>
        Create(catalog, new BorderlineSmoteResampler(kind == BorderlineSmoteKind.Borderline2, numberOfNeighbors, numberOfDangerNeighbors), labelColumnName, featureColumnName, strategy, seed);

    /// <summary>SMOTE that grows each row's neighbourhood in proportion to how many of its k nearest neighbours are of other classes (ADASYN).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="featureColumnName">The feature vector; "Features" by default.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="numberOfNeighbors">k; 5 by default.</param>
    /// <param name="strategy">Which classes grow and to about what size; "not majority" by default.</param>
    /// <param name="seed">The random seed; drawn from the MLContext by default.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator OverSampleAdasyn(this TransformsCatalog catalog, string featureColumnName = DefaultColumnNames.Features,
        string labelColumnName = DefaultColumnNames.Label, int numberOfNeighbors = 5, SamplingStrategy? strategy = null, int? seed = null) =>
        Create(catalog, new AdasynResampler(numberOfNeighbors), labelColumnName, featureColumnName, strategy, seed);

    /// <summary>Removes the rows of Tomek links (pairs of rows of different classes that are each other's nearest neighbour) from the cleaned classes.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="featureColumnName">The feature vector; "Features" by default.</param>
    /// <param name="labelColumnName">The class column; "Label" by default.</param>
    /// <param name="strategy">Which classes lose rows; "not minority" by default, or <see cref="SamplingStrategy.Classes{TLabel}"/>.</param>
    /// <returns>The estimator.</returns>
    public static ResamplingEstimator RemoveTomekLinks(this TransformsCatalog catalog, string featureColumnName = DefaultColumnNames.Features,
        string labelColumnName = DefaultColumnNames.Label, SamplingStrategy? strategy = null) =>
        Create(catalog, new TomekLinksResampler(), labelColumnName, featureColumnName, strategy, 0);

    private static ResamplingEstimator Create(TransformsCatalog catalog, Resampler resampler, string labelColumnName, string? featureColumnName, SamplingStrategy? strategy, int? seed)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        if (featureColumnName is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        }

        return new ResamplingEstimator(new ResamplingTransformer(resampler, labelColumnName, featureColumnName, strategy ?? SamplingStrategy.Auto, seed ?? catalog.Context.NextSeed()));
    }
}
