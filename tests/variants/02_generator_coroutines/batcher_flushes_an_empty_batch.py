"""Mistake: batcher's cleanup flushes even when nothing is waiting, calling flush([])."""

FAILS = {6}
BREAKS = "batcher-close-without-leftovers-does-not-flush"


def batcher(size, flush):
    batch = []
    try:
        while True:
            batch.append((yield))
            if len(batch) == size:
                flush(batch)
                batch = []
    finally:
        flush(batch)
