"""Mistake: batcher flushes when it holds more than size items, so each batch is one too big."""

FAILS = {6}
BREAKS = "batcher-flushes-full-batches"


def batcher(size, flush):
    batch = []
    try:
        while True:
            batch.append((yield))
            if len(batch) > size:
                flush(batch)
                batch = []
    finally:
        if batch:
            flush(batch)
