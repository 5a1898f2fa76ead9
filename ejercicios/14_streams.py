"""Tema 14: streams.

El tutorial de partida se detuvo a la puerta de su carpeta de redes. Los streams, señalaba, son las
primitivas async/await de alto nivel de asyncio para conexiones de red: envían y reciben datos sin
retrollamadas y sin los protocolos y transportes de más bajo nivel. Los dejó "para más adelante",
con una referencia a ``loop.create_server`` (ese es el tema 15). Más adelante es ahora.

Una conexión TCP lleva un flujo de bytes, no mensajes. Lo que un lado escribe en una llamada puede
llegar en varios trozos, y dos escrituras pueden llegar como una sola. Por eso todo protocolo
necesita delimitar sus mensajes con una regla que diga dónde termina cada uno. Dos reglas
habituales:

- un mensaje es una línea que termina en ``b"\\n"``: ``await reader.readline()`` espera una línea
  entera y la devuelve, con el salto de línea incluido (el límite propio de un stream, 64 KiB por
  línea, no es un tope tuyo: las líneas del corrector quedan por debajo);
- un mensaje empieza por su longitud, aquí en 4 bytes, big-endian: ``await reader.readexactly(n)``
  espera exactamente ``n`` bytes.

``await reader.read(100)`` es distinto: devuelve lo que haya llegado, hasta 100 bytes. Eso puede ser
media línea, o dos líneas y media. ``read`` y ``readline`` devuelven ``b""`` cuando el otro lado ha
cerrado. ``readexactly`` lanza en cambio ``asyncio.IncompleteReadError``, y los bytes que sí recibió
están en el ``partial`` del error.

``asyncio.start_server(handler, host, port)`` escucha a los clientes. Para cada uno llama a
``handler(reader, writer)`` en una tarea propia, así que se atiende a muchos clientes a la vez,
siempre que ningún manejador bloquee el bucle. ``asyncio.open_connection(host, port)`` es el lado
del cliente. En un ``StreamWriter``, ``write()`` no es una corrutina: solo añade a un búfer. ``await
writer.drain()`` espera hasta que ese búfer vuelva a tener sitio. Así que, después de escribir, haz
``await writer.drain()`` antes de volver a leer o de cerrar: así, si el otro lado lee despacio,
frena tu código en lugar de que tu búfer crezca sin fin. ``writer.close()`` empieza a cerrar la
conexión, y ``await writer.wait_closed()`` espera hasta que esté cerrada. Un ``Server`` se cierra
igual: ``server.close()`` y luego ``await server.wait_closed()``. Desde Python 3.12,
``Server.wait_closed()`` también espera a las conexiones que siguen abiertas. En 3.11 retorna
enseguida.

Aquí todo se queda en loopback. Escucha y conéctate solo en ``"127.0.0.1"``, y pide el puerto 0,
para que el sistema operativo elija uno libre. ``server.sockets[0] .getsockname()[1]`` te dice cuál
eligió. El corrector habla con tu código mediante sockets reales, unos en crudo y otros con streams.
Envía líneas de pocos bytes en pocos bytes, y dos mensajes en una sola escritura.

Tarea 1. ``echo(reader, writer)`` y ``start_echo_server()``. ``echo`` es un manejador de conexión:
        devuelve todo lo que envía el cliente, según llega, sin esperar a un salto de línea. Cuando
        ``read`` devuelve ``b""`` (el cliente ha terminado de enviar), cierra la conexión con
        ``writer.close()`` y ``await writer.wait_closed()``. ``start_echo_server()`` arranca
        ``echo`` con ``asyncio.start_server`` en ``"127.0.0.1"``, puerto 0, y devuelve el ``Server``
        (lo cierra quien llama).
Tarea 2. ``ask(port, question)``: un cliente. Conéctate con ``asyncio.open_connection`` a
        ``"127.0.0.1"`` y ``port``, envía ``question`` como una línea (texto UTF-8 y ``b"\\n"``),
        lee una línea de respuesta, cierra la conexión (``close`` y luego ``wait_closed``) y
        devuelve la respuesta como texto sin su salto de línea. El servidor puede enviar su línea a
        trozos, o enviar más de una línea: quieres exactamente la primera.
Tarea 3. ``greet_lines(reader, writer)``: un manejador de conexión para un protocolo de líneas. Para
        cada línea que envíe el cliente (un nombre), responde con la línea ``Hello, <name>!``.
        Cierra la conexión cuando el cliente haya terminado de enviar. La versión que te damos lee
        con ``read(100)`` y saluda a trozos de nombres: arréglala. Cada cliente tiene su propia
        tarea manejadora, así que cinco clientes que se toman su tiempo se atienden a la vez.
        Mantenlo así: nada en un manejador puede retrasar a los demás clientes.
Tarea 4. ``read_frame(reader)`` y ``write_frame(writer, payload)``: tramas precedidas de su
        longitud. Una trama es la longitud del contenido en 4 bytes, big-endian
        (``len(payload).to_bytes(4, "big")``), y después el contenido. ``write_frame`` escribe una
        trama y espera ``writer.drain()``. ``read_frame`` devuelve el siguiente contenido como
        bytes, o ``None`` cuando el stream termina limpiamente antes de una trama nueva (no llegó
        ningún byte de una cabecera). Un stream que termina en mitad de una trama, también en su
        cabecera, es un error: deja que se propague ``asyncio.IncompleteReadError``.
Tarea 5. ``ask_all(port, questions)``: haz cada pregunta por su propia conexión, todas a la vez, con
        ``ask``. Devuelve las respuestas en una lista, en el orden de ``questions``. El servidor del
        corrector solo responde cuando han llegado todas las preguntas, o tras una pausa.
Tarea 6. ``ask_within(port, question, seconds)``: como ``ask``, pero ríndete cuando todo el
        intercambio tarde más de ``seconds``: conectar, enviar y leer la línea de respuesta entera.
        Devuelve entonces ``None``. Un servidor que envía media línea y luego se calla no ha
        respondido. Solo el límite de tiempo da ``None``: cualquier otro error, como una conexión
        rechazada (``ConnectionRefusedError``), llega a quien te llamó. Pase lo que pase, cierra la
        conexión antes de retornar.
Tarea 7. ``serve_until(handler, stop, ready)``: ejecuta un servidor para ``handler`` en
        ``"127.0.0.1"``, puerto 0. Llama a ``ready(port)`` cuando esté escuchando. Atiende hasta que
        se active el ``asyncio.Event`` ``stop``. Después cierra con cuidado: ``server.close()`` deja
        de escuchar y ``await server.wait_closed()`` espera hasta que el servidor esté cerrado.
        Retorna después de eso. Pase lo que pase, también ante una cancelación, cierra el servidor
        antes de que termine la llamada. ``async with server:`` hace las dos cosas al terminar su
        bloque, termine como termine.

Cada función de primer nivel deja como estaban las listas, los diccionarios y los conjuntos que
recibe, salvo que su tarea diga otra cosa.

Las llamadas no comparten nada a través del módulo: mientras corren y cuando terminan, las variables
globales del módulo, los atributos de sus clases y los valores por defecto de los parámetros de sus
funciones contienen lo que contenían antes (un conjunto puede mantener vivas tareas en marcha
mientras tanto), salvo que una tarea diga otra cosa.

Ninguna función pone un límite que su tarea no dé: ni un tiempo de espera propio
(``asyncio.timeout``, ``asyncio.wait_for``, un argumento ``timeout=``) ni un tope a cuántas cosas se
ejecutan a la vez, a cuántos pasos dan o a cuántos datos manejan. Espera lo que tarde el trabajo.

Una función ``async`` cuya tarea se cancela termina cancelada: puede limpiar antes, y luego deja que
``asyncio.CancelledError`` siga su camino, sin retornar ni lanzar otro error en su lugar.

Una función ``async`` cancelada no deja en marcha ninguna de las tareas que arrancó, salvo que su
tarea diga otra cosa: antes de dejar que ``asyncio.CancelledError`` siga su camino, las cancela y
espera a que hayan terminado (un ``TaskGroup`` hace ambas cosas; ``gather``, solo con
``return_exceptions=True``).
"""

import asyncio

HOST = "127.0.0.1"  # loopback: solo pueden conectarse programas de esta máquina


# Tarea 1
async def echo(reader, writer):
    """Devuelve todo lo que envía el cliente, según llega; cierra cuando haya terminado."""
    # TODO: lee lo que haya llegado (reader.read(4096)) y devuélvelo con write (y luego drain),
    # hasta que read devuelva b""; después cierra el writer y espera wait_closed().
    raise NotImplementedError("tarea 1: escribe echo")


async def start_echo_server():
    """Arranca ``echo`` en 127.0.0.1, en un puerto libre que elige el sistema operativo; devuelve
    el Server.
    """
    # TODO: arranca echo con asyncio.start_server en HOST, puerto 0, y devuelve el servidor.
    raise NotImplementedError("tarea 1: escribe start_echo_server")


# Tarea 2
async def ask(port, question):
    """Envía ``question`` como una línea a 127.0.0.1:``port``; devuelve la primera línea de
    respuesta.
    """
    # TODO: open_connection(HOST, port); escribe la pregunta y b"\n", drain; lee una línea; cierra
    # el writer y espera wait_closed(); devuelve la línea como texto, sin el salto de línea.
    raise NotImplementedError("tarea 2: escribe ask")


# Tarea 3
async def greet_lines(reader, writer):
    """Responde ``Hello, <name>!`` a cada línea; cierra cuando el cliente haya terminado."""
    # TODO: read(100) devuelve lo que haya llegado: parte de un nombre, o dos nombres a la vez. Lee
    # líneas enteras en su lugar.
    while data := await reader.read(100):
        name = data.decode().strip()
        writer.write(f"Hello, {name}!\n".encode())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


# Tarea 4
async def read_frame(reader):
    """El siguiente contenido precedido de su longitud, o None cuando el stream termina entre
    tramas.
    """
    # TODO: lee la cabecera de 4 bytes con readexactly y después exactamente esa cantidad de bytes.
    # Devuelve None cuando el stream termine antes de cualquier byte de una cabecera
    # (IncompleteReadError con partial vacío); deja que el error se propague cuando termine dentro
    # de una trama.
    raise NotImplementedError("tarea 4: escribe read_frame")


async def write_frame(writer, payload):
    """Escribe ``payload`` como una trama: 4 bytes de longitud, big-endian, y después el
    contenido.
    """
    # TODO: escribe len(payload) en 4 bytes, big-endian, y después el contenido; espera drain().
    raise NotImplementedError("tarea 4: escribe write_frame")


# Tarea 5
async def ask_all(port, questions):
    """Haz cada pregunta en su propia conexión, todas a la vez; respuestas en orden."""
    # TODO: ejecuta ask(port, question) para cada pregunta de forma concurrente; conserva su orden.
    raise NotImplementedError("tarea 5: escribe ask_all")


# Tarea 6
async def ask_within(port, question, seconds):
    """Como ``ask``, pero devuelve None cuando el intercambio tarda más de ``seconds``."""
    # TODO: haz todo el intercambio bajo asyncio.timeout(seconds); devuelve None cuando se agote;
    # cierra la conexión (close, wait_closed) termine como termine la llamada.
    raise NotImplementedError("tarea 6: escribe ask_within")


# Tarea 7
async def serve_until(handler, stop, ready):
    """Atiende ``handler`` en 127.0.0.1 hasta que se active ``stop``; después cierra el servidor."""
    # TODO: start_server(handler, HOST, 0); llama a ready(port); espera stop.wait(); después
    # server.close() y espera server.wait_closed().
    raise NotImplementedError("tarea 7: escribe serve_until")
