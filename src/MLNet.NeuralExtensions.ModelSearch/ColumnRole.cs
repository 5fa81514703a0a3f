namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>What a column of the dataset becomes in the searched pipeline.</summary>
public enum ColumnRole
{
    /// <summary>The label: what the model predicts (or, for the unsupervised tasks, what evaluates it).</summary>
    Label,

    /// <summary>A number; missing values are replaced by the column's mean and flagged in an indicator slot.</summary>
    Numeric,

    /// <summary>Text with few distinct values, one-hot encoded (ML.NET's <c>OneHotEncoding</c>).</summary>
    Categorical,

    /// <summary>Text with many distinct, short values, one-hot encoded into hashed slots (ML.NET's
    /// <c>OneHotHashEncoding</c>).</summary>
    HashedCategorical,

    /// <summary>Free text, turned into word and character n-gram counts (ML.NET's <c>FeaturizeText</c>).</summary>
    Text,

    /// <summary>Not used: named by the user, constant, empty or an identifier; <see cref="DatasetColumn.Reason"/> says
    /// which.</summary>
    Ignored,
}
