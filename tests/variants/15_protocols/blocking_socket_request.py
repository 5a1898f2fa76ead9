"""request talks over a blocking socket inside the coroutine, freezing the loop."""

import socket


async def request(host, port, message):
    with socket.create_connection((host, port)) as sock:
        sock.sendall(message)
        chunks = []
        while data := sock.recv(4096):
            chunks.append(data)
        return b"".join(chunks)


FAILS = {4}
BREAKS = "request-sends-and-collects"
