"""A correct batcher in another style: it flushes a copy, clears its list, catches GeneratorExit."""

FAILS = set()


def batcher(size, flush):
    batch = []
    while True:
        try:
            batch.append((yield))
        except GeneratorExit:
            if batch:
                flush(batch[:])
            return
        if len(batch) == size:
            flush(batch[:])
            batch.clear()
