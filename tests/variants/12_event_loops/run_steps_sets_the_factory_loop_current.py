"""Mistake: the Runner's loop made current, never unset (a factory's loop is not unset by it)."""


def run_steps(steps, loop_factory=None):
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        asyncio.set_event_loop(runner.get_loop())
        return [runner.run(step()) for step in steps]


FAILS = {4}
BREAKS = "steps-thread-as-found"
