"""Mistake: batcher hands its list to flush, then clears that same list for the next batch."""

FAILS = {6}
BREAKS = "batcher-hands-over-each-batch"


def batcher(size, flush):
    batch = []
    try:
        while True:
            batch.append((yield))
            if len(batch) == size:
                flush(batch)
                batch.clear()
    finally:
        if batch:
            flush(batch)
