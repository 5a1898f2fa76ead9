"""A correct style: stream_rows reuses borrowed(pool) (task 5) as its async with."""

FAILS = set()


async def stream_rows(pool):
    async with borrowed(pool) as conn:
        while (row := await conn.next_row()) is not None:
            yield row
