#!/usr/bin/python3
"""Golden values for the self-organizing map tests, computed with NumPy and SciPy for fixed codebooks.

Run with Debian's interpreter: /usr/bin/python3 eng/golden/make_som_goldens.py
Writes test/TestData/som-goldens.json: 40 rows of 3 features and, for rectangular and
hexagonal grids (plain and toroidal), a random codebook with its quantization error (mean Euclidean distance to the
best-matching node), topographic error (fraction of rows whose two best-matching nodes are not neighbours), hit
counts, U-matrix (mean Euclidean distance to the neighbours' weights) and each node's neighbours; and the rows'
distances to one codebook's nodes under SciPy's euclidean, cosine, cityblock and chebyshev metrics; and the merge of
weighted nodes into clusters by Ward's method.

The weighted Ward reference replicates each point as many times as its weight and runs SciPy's unweighted Ward
linkage on the copies (identical copies merge first at no cost, which leaves exactly one point of that weight), then
cuts the tree into k clusters; a point of weight 0 joins the cluster of its nearest weighted point.

Neighbours are written from the grid's index rules, independently of the library's geometry: on a rectangular grid
the 8 cells around a node; on a hexagonal grid of offset rows (odd rows shifted right by half a cell) the 2 beside it
and 4 in the rows above and below, (c − 1, c) on an even row and (c, c + 1) on an odd one. A toroidal grid wraps the
column and row indices.
"""
import json
import os

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import cdist

rng = np.random.RandomState(20261121)


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def neighbours(width, height, hexagonal, toroidal):
    result = []
    for node in range(width * height):
        column, row = node % width, node // width
        if hexagonal:
            shift = (-1, 0) if row % 2 == 0 else (0, 1)
            steps = [(-1, 0), (1, 0)] + [(dc, dr) for dr in (-1, 1) for dc in shift]
        else:
            steps = [(dc, dr) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dc, dr) != (0, 0)]
        found = set()
        for dc, dr in steps:
            c, r = column + dc, row + dr
            if toroidal:
                c, r = c % width, r % height
            elif not (0 <= c < width and 0 <= r < height):
                continue
            if (c, r) != (column, row):
                found.add(r * width + c)
        result.append(sorted(found))
    return result


def case(data, width, height, hexagonal, toroidal):
    codebook = f32(rng.normal(size=(width * height, data.shape[1])))
    distances = cdist(data, codebook)
    order = np.argsort(distances, axis=1, kind="stable")
    best, second = order[:, 0], order[:, 1]
    near = neighbours(width, height, hexagonal, toroidal)
    return {
        "width": width,
        "height": height,
        "topology": "hexagonal" if hexagonal else "rectangular",
        "toroidal": toroidal,
        "codebook": codebook.ravel().tolist(),
        "quantization_error": float(distances[np.arange(len(data)), best].mean()),
        "topographic_error": float(np.mean([s not in near[b] for b, s in zip(best, second)])),
        "hits": np.bincount(best, minlength=width * height).tolist(),
        "umatrix": [float(np.mean([np.linalg.norm(codebook[n] - codebook[m]) for m in near[n]])) for n in range(width * height)],
        "neighbours": near,
    }


def ward(points, weights, clusters):
    copies = np.repeat(np.arange(len(points)), weights)
    labels = fcluster(linkage(points[copies], method="ward"), clusters, criterion="maxclust")
    owner = {int(p): int(l) for p, l in zip(copies, labels)}
    weighted = [p for p in range(len(points)) if weights[p] > 0]
    for p in range(len(points)):
        if weights[p] == 0:
            owner[p] = owner[min(weighted, key=lambda q: np.sum((points[p] - points[q]) ** 2))]
    return [owner[p] for p in range(len(points))]


def main():
    data = f32(rng.normal(size=(40, 3)))
    cases = [case(data, w, h, hexagonal, toroidal) for w, h, hexagonal, toroidal in
             [(4, 3, False, False), (4, 3, True, False), (5, 4, False, True), (4, 4, True, True)]]
    codebook = np.array(cases[0]["codebook"]).reshape(-1, 3)
    metrics = {name: cdist(data, codebook, metric=scipy_name).ravel().tolist()
               for name, scipy_name in (("euclidean", "euclidean"), ("cosine", "cosine"), ("manhattan", "cityblock"), ("chebyshev", "chebyshev"))}
    points = f32(rng.normal(size=(14, 2)))
    weights = rng.randint(0, 5, size=14)
    merge = {"points": points.ravel().tolist(), "weights": weights.tolist(), "clusters": 4, "labels": ward(points, weights, 4)}
    out = os.path.join(os.path.dirname(__file__), "..", "..", "test", "TestData", "som-goldens.json")
    with open(out, "w") as f:
        json.dump({"data": data.ravel().tolist(), "features": 3, "cases": cases, "distances": metrics, "ward": merge}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
