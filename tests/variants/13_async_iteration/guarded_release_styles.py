"""A correct alternative: acquired inside the try, released only if a connection came."""

import contextlib

FAILS = set()


@contextlib.asynccontextmanager
async def borrowed(pool):
    conn = None
    try:
        conn = await pool.acquire()
        yield conn
    finally:
        if conn is not None:
            await pool.release(conn)


async def stream_rows(pool):
    conn = None
    try:
        conn = await pool.acquire()
        while True:
            row = await conn.next_row()
            if row is None:
                return
            yield row
    finally:
        if conn is not None:
            await pool.release(conn)
