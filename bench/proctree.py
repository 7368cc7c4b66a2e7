"""Process trees from /proc, for benchmarks that measure a command with its worker processes."""
from __future__ import annotations

import os
from typing import List


def tree_pids(pid: int) -> List[int]:
    """``pid`` and all its descendants."""
    children: dict = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    parts = f.read().rsplit(")", 1)[1].split()
                children.setdefault(int(parts[1]), []).append(int(d))
            except OSError:
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out
