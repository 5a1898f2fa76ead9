"""Mistake: batcher drops the items that are falsy (0, None, ''), so they are never flushed."""

FAILS = {6}
BREAKS = "batcher-flushes-full-batches"


def batcher(size, flush):
    batch = []
    try:
        while True:
            item = yield
            if item:
                batch.append(item)
            if len(batch) == size:
                flush(batch)
                batch = []
    finally:
        if batch:
            flush(batch)
