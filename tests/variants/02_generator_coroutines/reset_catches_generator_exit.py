"""Mistake: resettable_averager catches GeneratorExit with Reset: close() makes it yield again."""

FAILS = {5}
BREAKS = "other-exceptions-come-out"


def resettable_averager():
    total = count = 0
    average = None
    while True:
        try:
            value = yield average
        except (Reset, GeneratorExit):
            total = count = 0
            average = None
            continue
        total += value
        count += 1
        average = total / count
