using System.Globalization;
using System.Text;

namespace MLNet.NeuralExtensions.ModelSearch.CodeGeneration;

/// <summary>C# source text for names and values: identifiers made from column names, and literals.</summary>
internal static class CSharpSyntax
{
    /// <summary>A PascalCase identifier from <paramref name="name"/>'s letters and digits ("mean radius" → MeanRadius,
    /// "2nd" → _2nd), not one of <paramref name="taken"/> (a numeric suffix is added), which it is added to.</summary>
    public static string Identifier(string name, ISet<string> taken)
    {
        var text = new StringBuilder();
        bool upper = true;
        foreach (char c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                text.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }
        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }
        string identifier = text.ToString();
        for (int k = 2; !taken.Add(identifier); k++)
        {
            identifier = $"{text}{k}";
        }
        return identifier;
    }

    /// <summary>A float literal that reads back to exactly <paramref name="value"/>.</summary>
    public static string Literal(float value) => value switch
    {
        float.NaN => "float.NaN",
        float.PositiveInfinity => "float.PositiveInfinity",
        float.NegativeInfinity => "float.NegativeInfinity",
        _ => value.ToString("R", CultureInfo.InvariantCulture) + "F",
    };

    /// <summary>A regular string literal of <paramref name="value"/>, with quotes, backslashes and control characters
    /// escaped.</summary>
    public static string Literal(string value)
    {
        var text = new StringBuilder("\"");
        foreach (char c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }
}
