"""Mistake: batcher hands each batch to flush as a tuple, not as a list."""

FAILS = {6}
BREAKS = "batcher-flushes-full-batches"


def batcher(size, flush):
    batch = ()
    try:
        while True:
            batch += ((yield),)
            if len(batch) == size:
                flush(batch)
                batch = ()
    finally:
        if batch:
            flush(batch)
