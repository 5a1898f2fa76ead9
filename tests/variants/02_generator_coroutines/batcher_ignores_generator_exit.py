"""Mistake: batcher catches GeneratorExit inside its loop and yields again (RuntimeError)."""

FAILS = {6}
BREAKS = "batcher-ends-on-close"


def batcher(size, flush):
    batch = []
    while True:
        try:
            batch.append((yield))
        except GeneratorExit:
            if batch:
                flush(batch)
                batch = []
            continue
        if len(batch) == size:
            flush(batch)
            batch = []
