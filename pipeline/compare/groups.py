"""Groups of pages joined by pair verdicts: union-find (path halving, union by size)."""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import numpy as np


class UnionFind:
    def __init__(self, n: int):
        self.parent = np.arange(n)
        self.size = np.ones(n, dtype=np.int64)

    def find(self, x: int) -> int:
        p = self.parent
        while p[x] != x:
            p[x] = p[p[x]]
            x = p[x]
        return int(x)

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]


def components(n: int, i: np.ndarray, j: np.ndarray,
               apart: Optional[Tuple[np.ndarray, np.ndarray]] = None) -> List[List[int]]:
    """Connected components with at least two members, each sorted, in order of first member.
    ``apart``: pairs that must not end up in one component (an altered copy and its original):
    an edge that would join them is left out."""
    uf = UnionFind(n)
    keep_apart = set()
    if apart is not None:
        keep_apart = {(int(a), int(b)) for a, b in zip(*apart)} | \
            {(int(b), int(a)) for a, b in zip(*apart)}
    members_of: Dict[int, set] = {}
    for a, b in zip(i.tolist(), j.tolist()):
        if keep_apart:
            ra, rb = uf.find(a), uf.find(b)
            if ra == rb:
                continue
            ma, mb = members_of.get(ra, {ra}), members_of.get(rb, {rb})
            if any((x, y) in keep_apart for x in ma for y in mb):
                continue
            uf.union(a, b)
            members_of[uf.find(a)] = ma | mb
        else:
            uf.union(a, b)
    members: Dict[int, List[int]] = {}
    touched = set(i.tolist()) | set(j.tolist())
    for x in sorted(touched):
        members.setdefault(uf.find(x), []).append(x)
    return sorted((m for m in members.values() if len(m) > 1), key=lambda m: m[0])
