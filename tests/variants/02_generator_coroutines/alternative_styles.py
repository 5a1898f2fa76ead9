"""A correct submission in other styles: except GeneratorExit, a class-free primed, sum()."""

FAILS = set()


def averager():
    numbers = []
    received = yield None
    while True:
        numbers.append(received)
        received = yield sum(numbers) / len(numbers)


def primed(generator_function):
    def start(*args, **kwargs):
        gen = generator_function(*args, **kwargs)
        gen.send(None)
        return gen

    start.__name__ = generator_function.__name__
    start.__doc__ = generator_function.__doc__
    start.__wrapped__ = generator_function
    return start


def subtotal():
    numbers = []
    while (value := (yield)) is not None:
        numbers.append(value)
    return sum(numbers)


def group_totals(results):
    while True:
        total = yield from subtotal()
        results.append(total)


def resettable_averager():
    numbers = []
    while True:
        try:
            value = yield (sum(numbers) / len(numbers) if numbers else None)
        except Reset:
            numbers = []
        else:
            numbers.append(value)


def batcher(size, flush):
    batch = []
    while True:
        try:
            item = yield
        except GeneratorExit:
            if batch:
                flush(batch)
            return
        batch.append(item)
        if len(batch) >= size:
            flush(batch[:])
            batch.clear()
