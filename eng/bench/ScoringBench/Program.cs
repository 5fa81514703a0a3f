using ScoringBench;

// Usage: ScoringBench [networks [mlp cnn lstm] | pipeline]. networks: NetworkScoring per row and in batches for each
// backend; pipeline: model.Transform and PredictionEngine against FastTree, LightGbm and ApplyOnnxModel on 100k × 30 rows.
string what = args.Length > 0 ? args[0] : "networks";
switch (what)
{
    case "networks":
        NetworkScoringBench.Run(args.Length > 1 ? args[1..] : BenchNetworks.Names);
        break;
    case "pipeline":
        PipelineBench.Run();
        break;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{what}'; expected networks or pipeline.");
        return 2;
}

return 0;
