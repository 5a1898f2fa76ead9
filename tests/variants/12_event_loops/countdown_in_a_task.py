"""Right times and run_forever, but the countdown is a coroutine in a task, not callbacks."""


def countdown(start, interval, say):
    loop = asyncio.new_event_loop()

    async def count():
        for number in range(start, -1, -1):
            say(number)
            if number:
                await asyncio.sleep(interval)
        loop.stop()

    try:
        loop.create_task(count())
        loop.run_forever()
    finally:
        loop.close()


FAILS = {2}
BREAKS = "countdown-callbacks-only"
