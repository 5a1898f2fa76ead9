"""Mistake: batcher keeps the items waiting on one namespace in a dict that a closure holds, a
new list put there at each start and after each flush, so two batchers open at once batch each
other's items."""

import types

FAILS = {6}
BREAKS = "shared-state"


def _batchers_on_one_namespace():
    hidden = {"shared": types.SimpleNamespace(batch=[])}

    def batcher(size, flush):
        shared = hidden["shared"]
        shared.batch = []
        try:
            while True:
                shared.batch.append((yield))
                if len(shared.batch) == size:
                    flush(shared.batch)
                    shared.batch = []
        finally:
            if shared.batch:
                flush(shared.batch)
                shared.batch = []

    return batcher


batcher = _batchers_on_one_namespace()
