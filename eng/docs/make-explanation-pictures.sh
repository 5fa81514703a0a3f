#!/usr/bin/env bash
# Regenerates the pictures of the README's "Explanations and adversarial robustness" section in docs/images
# (eng/docs/ExplanationPictures: an Mlp on breast-cancer explained by Integrated Gradients and Kernel SHAP, a Cnn on the
# 8x8 digits explained by Grad-CAM and Integrated Gradients heat maps) and prints the figures the section quotes.
# Needs only the .NET 10 SDK and NuGet.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run --project eng/docs/ExplanationPictures -c Release -- test/TestData docs/images
