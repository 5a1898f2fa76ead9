"""Mistake: run_steps drives one loop made by hand instead of the asyncio.Runner asked for."""

FAILS = {4}
BREAKS = "steps-one-runner-loop"


def run_steps(steps, loop_factory=None):
    loop = (loop_factory or asyncio.new_event_loop)()
    try:
        return [loop.run_until_complete(step()) for step in steps]
    finally:
        loop.close()
