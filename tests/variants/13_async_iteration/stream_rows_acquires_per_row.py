"""stream_rows borrows a connection for each row and gives it back before yielding the row."""

FAILS = {7}
BREAKS = "stream-rows-one-connection"


async def stream_rows(pool):
    while True:
        conn = await pool.acquire()
        try:
            row = await conn.next_row()
        finally:
            await pool.release(conn)
        if row is None:
            return
        yield row
