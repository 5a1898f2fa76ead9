"""The event loops the tests run on, and the suites make: from these classes, which the guard
seals, never through the event loop policy (a program may set one of its own, and the
instance could be given a loop class of the learner's)."""

from __future__ import annotations

import asyncio

import looptime

RealLoop = asyncio.SelectorEventLoop


class VirtualLoop(looptime.LoopTimeEventLoop, RealLoop):
    """An event loop whose clock jumps ahead whenever every task is waiting (looptime)."""


def virtual_loop() -> VirtualLoop:
    """A virtual-clock loop whose clock starts at 0."""
    return VirtualLoop(start=0.0)
