"""Mistake: start_echo_server schedules a second server for 50 ms later (loop.call_later), after
the call has returned, and never closes it: no caller knows of it."""

import asyncio

FAILS = {1}
BREAKS = "echo-server-on-loopback-port-0"


async def start_echo_server():
    server = await asyncio.start_server(echo, HOST, 0)
    loop = asyncio.get_running_loop()
    kept = []

    def listen_later():
        kept.append(asyncio.ensure_future(loop.create_server(asyncio.Protocol, HOST, 0)))

    loop.call_later(0.05, listen_later)
    return server
