#!/usr/bin/python3
"""Golden values for the class-imbalance samplers, computed with imbalanced-learn 0.10 on fixed inputs.

Run with Debian's interpreter: /usr/bin/python3 eng/golden/make_sampling_goldens.py
Writes test/TestData/sampling-goldens.json: the inputs (rounded to float32, so that ML.NET's Single columns see exactly
the values imbalanced-learn saw) and, for each sampler and sampling strategy, the class counts after resampling, and
the rows Tomek-link cleaning removes. Class counts do not depend on the random draws for random over- and
under-sampling, SMOTE, SMOTE-NC, Borderline-SMOTE-1 and ADASYN, so they are comparable across random generators.
The script checks that no two candidate neighbours of a row are at equal distance (where the library and scikit-learn
could rank them differently).
"""
import csv
import json
import os
from fractions import Fraction

import numpy as np
from imblearn.over_sampling import ADASYN, SMOTE, SMOTENC, BorderlineSMOTE, RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler, TomekLinks
from imblearn.utils import check_sampling_strategy
from scipy.spatial.distance import cdist
from sklearn.neighbors import NearestNeighbors

rng = np.random.RandomState(20260514)
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..")


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def counts(y):
    return {str(c): int((y == c).sum()) for c in np.unique(y)}


def minority_targets(y):
    # imbalanced-learn 0.10's parameter validation refuses 'minority' for over-samplers (although its strategy rule
    # handles it); its own rule is applied through the callable form, which takes the class sizes after resampling.
    stats = counts(y)
    return {c: stats[str(c)] + n for c, n in check_sampling_strategy("minority", y, "over-sampling").items()}


def require_no_ties(x, neighbours):
    d = cdist(x, x)
    np.fill_diagonal(d, np.inf)
    nearest = np.sort(d, axis=1)[:, : neighbours + 1]
    assert not np.isclose(nearest[:, 1:], nearest[:, :-1], rtol=1e-9, atol=0).any(), "tied neighbour distances"


def adasyn_counts(x, y, k):
    # ADASYN's per-row counts rint(h_i / sum(h) * n), h_i = the row's neighbours of other classes among its k nearest,
    # evaluated exactly (half to even). imbalanced-learn evaluates them in floating point, where an exact half may tip
    # either way; the data are checked to hold no such half, so the two agree.
    neighbours = NearestNeighbors(n_neighbors=k + 1).fit(x).kneighbors(x, return_distance=False)[:, 1:]
    stats = counts(y)
    majority = max(stats.values())
    exact = {}
    for label in np.unique(y):
        rows = np.flatnonzero(y == label)
        wanted = majority - len(rows)
        hard = [int((y[neighbours[r]] != label).sum()) for r in rows]
        exact[str(label)] = len(rows) + (sum(round(Fraction(h * wanted, sum(hard))) for h in hard) if wanted else 0)
    ours = counts(ADASYN(n_neighbors=k, random_state=0).fit_resample(x, y)[1])
    assert exact == ours, f"ADASYN's rounding differs from the exact rule: {ours} vs {exact}"
    return ours


def adasyn_fails(x, y, k):
    try:
        ADASYN(n_neighbors=k, random_state=0).fit_resample(x, y)
    except ValueError as e:
        assert "No samples will be generated" in str(e)
    else:
        raise AssertionError("ADASYN was expected to fail")
    neighbours = NearestNeighbors(n_neighbors=k + 1).fit(x).kneighbors(x, return_distance=False)[:, 1:]
    majority = max(counts(y).values())
    for label in np.unique(y):
        rows = np.flatnonzero(y == label)
        hard = [int((y[neighbours[r]] != label).sum()) for r in rows]
        wanted = majority - len(rows)
        if wanted and sum(round(Fraction(h * wanted, sum(hard))) for h in hard) == 0:
            return str(label)
    raise AssertionError("no class generates nothing")


def tomek_removed(x, y, strategy):
    tomek = TomekLinks(sampling_strategy=strategy)
    tomek.fit_resample(x, y)
    return sorted(set(range(len(y))) - set(tomek.sample_indices_.tolist()))


out = {}


def gaussian_classes(name, centers, sizes):
    """Classes of the given sizes drawn around the given centres in two dimensions (standard deviation 0.8), shuffled,
    recorded as name_x and name_y."""
    x = np.vstack([f32(rng.normal(centers[c], 0.8, (sizes[c], 2))) for c in centers])
    y = np.array([c for c in centers for _ in range(sizes[c])])
    order = rng.permutation(len(y))
    x, y = x[order], y[order]
    require_no_ties(x, 10)
    out[name + "_x"] = x.tolist()
    out[name + "_y"] = y.tolist()
    return x, y


# Three overlapping Gaussian classes of 60, 24 and 9 rows in two dimensions, labels "a", "b", "c", shuffled.
x, y = gaussian_classes("three", {"a": (0.0, 0.0), "b": (1.4, 0.6), "c": (0.4, 1.5)}, {"a": 60, "b": 24, "c": 9})

over = {"auto": "auto", "minority": minority_targets, "not minority": "not minority", "not majority": "not majority",
        "all": "all", "counts": {"b": 40, "c": 30}}
under = {"auto": "auto", "majority": "majority", "not minority": "not minority", "not majority": "not majority",
         "all": "all", "counts": {"a": 20, "b": 10}}
out["three_over"] = {
    "random": {k: counts(RandomOverSampler(sampling_strategy=v, random_state=0).fit_resample(x, y)[1]) for k, v in over.items()},
    "smote": {k: counts(SMOTE(sampling_strategy=v, k_neighbors=5, random_state=0).fit_resample(x, y)[1]) for k, v in over.items()},
    "borderline1": {k: counts(BorderlineSMOTE(sampling_strategy=v, k_neighbors=5, m_neighbors=10, random_state=0).fit_resample(x, y)[1]) for k, v in over.items()},
}
out["three_under"] = {k: counts(RandomUnderSampler(sampling_strategy=v, random_state=0).fit_resample(x, y)[1]) for k, v in under.items()}
out["three_under_replacement"] = {k: counts(RandomUnderSampler(sampling_strategy=v, replacement=True, random_state=0).fit_resample(x, y)[1]) for k, v in under.items()}
out["three_adasyn"] = adasyn_counts(x, y, 5)
out["three_tomek_removed"] = {k: tomek_removed(x, y, v) for k, v in
                              {"auto": "auto", "all": "all", "majority": "majority", "not majority": "not majority", "list a": ["a"]}.items()}

# SMOTE-NC: the two numeric slots and a categorical slot (codes 0-3) as the third slot.
codes = f32(rng.randint(0, 4, len(y)))
mixed = np.column_stack([x, codes])
out["three_codes"] = codes.tolist()
smotenc = SMOTENC(categorical_features=[2], k_neighbors=5, random_state=0)
out["three_smotenc"] = counts(smotenc.fit_resample(mixed, y)[1])
# The k nearest neighbours of each row of the grown classes as SMOTE-NC finds them: the numeric slots and the one-hot
# encoded categories scaled by half the median standard deviation (imbalanced-learn's encoding, from its fitted
# median_std_ and encoder).
encoded = np.column_stack([x, smotenc.ohe_.transform(mixed[:, [2]]).toarray() * smotenc.median_std_ / 2])
smotenc_neighbours = {}
for label in ["b", "c"]:
    rows = np.flatnonzero(y == label)
    require_no_ties(encoded[rows], 5)
    near = NearestNeighbors(n_neighbors=6).fit(encoded[rows]).kneighbors(encoded[rows], return_distance=False)[:, 1:]
    smotenc_neighbours.update({str(r): rows[n].tolist() for r, n in zip(rows, near)})
out["three_smotenc_neighbours"] = smotenc_neighbours

# Borderline-SMOTE grows only classes with rows "in danger": here class "c" lies far from the others, so that it has
# none and keeps its 12 rows, and ADASYN, which needs rows with neighbours of other classes, fails on it.
sx, sy = gaussian_classes("separated", {"a": (0.0, 0.0), "b": (1.0, 0.8), "c": (10.0, 10.0)}, {"a": 50, "b": 20, "c": 12})
out["separated_borderline1"] = counts(BorderlineSMOTE(k_neighbors=5, m_neighbors=10, random_state=0).fit_resample(sx, sy)[1])
try:
    ADASYN(n_neighbors=5, random_state=0).fit_resample(sx, sy)
    raise AssertionError("ADASYN was expected to fail")
except RuntimeError as e:
    assert "Not any neigbours belong to the majority" in str(e)
out["separated_adasyn_fails_for"] = "c"

# Binary (classes a and b): imbalanced-learn's ratio strategies.
binary = y != "c"
out["binary_over_0.6"] = counts(RandomOverSampler(sampling_strategy=0.6, random_state=0).fit_resample(x[binary], y[binary])[1])
out["binary_smote_0.6"] = counts(SMOTE(sampling_strategy=0.6, random_state=0).fit_resample(x[binary], y[binary])[1])
out["binary_under_0.8"] = counts(RandomUnderSampler(sampling_strategy=0.8, random_state=0).fit_resample(x[binary], y[binary])[1])

# Ties: classes of 30, 30, 10 and 10 rows, the data starting with a row of "d" and one of "b", so that the class seen
# first and the class that sorts first differ; imbalanced-learn breaks ties by the sorted label.
tie_sizes = {"a": 30, "b": 30, "c": 10, "d": 10}
rest = {"a": 30, "b": 29, "c": 10, "d": 9}
ty = np.concatenate([["d", "b"], rng.permutation([c for c in rest for _ in range(rest[c])])])
assert counts(ty) == tie_sizes, counts(ty)
tx = f32(rng.normal(0, 1, (len(ty), 2)))
out["ties_x"] = tx.tolist()
out["ties_y"] = ty.tolist()
ties_over = {"minority": minority_targets, "not minority": "not minority", "not majority": "not majority"}
out["ties_over"] = {k: counts(RandomOverSampler(sampling_strategy=v, random_state=0).fit_resample(tx, ty)[1]) for k, v in ties_over.items()}
out["ties_under"] = {k: counts(RandomUnderSampler(sampling_strategy=k, random_state=0).fit_resample(tx, ty)[1]) for k in ["majority", "not minority", "not majority"]}

# Tomek links on a larger overlapping binary set: 300 rows in three dimensions, a quarter of them positive.
bx = f32(np.vstack([rng.normal(0, 1, (225, 3)), rng.normal(0.8, 1, (75, 3))]))
by = np.array([False] * 225 + [True] * 75)
order = rng.permutation(len(by))
bx, by = bx[order], by[order]
require_no_ties(bx, 1)
out["overlap_x"] = bx.tolist()
out["overlap_y"] = by.tolist()
out["overlap_tomek_removed"] = {"auto": tomek_removed(bx, by, "auto"), "all": tomek_removed(bx, by, "all")}

# UCI Glass (test/TestData/glass.csv) without row 39, a duplicate of another row, whose neighbours would tie.
with open(os.path.join(root, "test", "TestData", "glass.csv")) as f:
    rows = list(csv.reader(f))[1:]
gx = f32([[float(v) for v in r[:9]] for r in rows])
gy = np.array([r[9] for r in rows])
_, first = np.unique(gx, axis=0, return_index=True)
kept = np.sort(first)
gx, gy = gx[kept], gy[kept]
require_no_ties(gx, 11)
out["glass_rows"] = kept.tolist()
out["glass"] = {
    "smote": counts(SMOTE(k_neighbors=5, random_state=0).fit_resample(gx, gy)[1]),
    "borderline1": counts(BorderlineSMOTE(k_neighbors=5, m_neighbors=10, random_state=0).fit_resample(gx, gy)[1]),
    # ADASYN fails on Glass: class "1" (69 rows, 7 short of class "2") would get rint(h_i / sum(h) * 7) = 0 new rows
    # from every row. The golden records the class, checked here against both rules.
    "adasyn_generates_nothing_for": adasyn_fails(gx, gy, 5),
    "tomek_removed_auto": tomek_removed(gx, gy, "auto"),
    "tomek_removed_all": tomek_removed(gx, gy, "all"),
}

path = os.path.join(root, "test", "TestData", "sampling-goldens.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
for key in ["separated_borderline1", "three_over", "three_under", "three_adasyn", "three_smotenc", "ties_over", "ties_under", "glass"]:
    print(key, {k: v for k, v in out[key].items() if not k.startswith("tomek")} if isinstance(out[key], dict) else out[key])
print("tomek", {k: len(v) for k, v in out["three_tomek_removed"].items()}, {k: len(v) for k, v in out["overlap_tomek_removed"].items()},
      len(out["glass"]["tomek_removed_auto"]), len(out["glass"]["tomek_removed_all"]))
