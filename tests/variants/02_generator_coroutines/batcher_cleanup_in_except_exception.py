"""Mistake: the leftover batch is flushed in `except Exception`, which GeneratorExit skips."""

FAILS = {6}
BREAKS = "batcher-close-flushes-the-rest"


def batcher(size, flush):
    batch = []
    try:
        while True:
            batch.append((yield))
            if len(batch) == size:
                flush(batch)
                batch = []
    except Exception:
        if batch:
            flush(batch)
        raise
