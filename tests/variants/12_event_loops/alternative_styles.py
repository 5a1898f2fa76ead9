"""A correct alternative: run_forever with a done callback, timers set up front, a Runner."""

import contextlib


def run_once(coro):
    loop = asyncio.new_event_loop()
    try:
        task = loop.create_task(coro)
        task.add_done_callback(lambda _: loop.stop())
        loop.run_forever()
        return task.result()
    finally:
        loop.close()


def countdown(start, interval, say):
    with contextlib.closing(asyncio.new_event_loop()) as loop:
        loop.call_soon(say, start)
        for step in range(1, start + 1):
            loop.call_later(step * interval, say, start - step)
        loop.call_later(start * interval, loop.stop)
        loop.run_forever()


def metronome(beats, interval, on_beat):
    with contextlib.closing(asyncio.new_event_loop()) as loop:
        start = loop.time()

        def beat(number):
            on_beat(number)
            if number + 1 < beats:
                loop.call_at(start + (number + 1) * interval, beat, number + 1)
            else:
                loop.stop()

        if beats:
            loop.call_soon(beat, 0)
            loop.run_forever()


def run_steps(steps, loop_factory=None):
    runner = asyncio.Runner(loop_factory=loop_factory)
    try:
        results = []
        for step in steps:
            results.append(runner.run(step()))
        return results
    finally:
        runner.close()


def run_report(make_report):
    with asyncio.Runner() as runner:
        return runner.run(make_report())


FAILS = set()
