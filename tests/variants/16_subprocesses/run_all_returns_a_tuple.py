"""Mistake: run_all returns its outputs as a tuple, not a list."""

FAILS = {4}
BREAKS = "run-all-outputs-in-order"

_solution_run_all = run_all


async def run_all(commands, limit):
    return tuple(await _solution_run_all(commands, limit))
