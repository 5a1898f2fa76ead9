"""Mistake: collect takes the first item outside the try, so an empty generator escapes."""

FAILS = {2}
BREAKS = "collect-of-an-empty-generator"


def collect(gen):
    items = [next(gen)]
    while True:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return items, stop.value
