"""Tema 15: protocolos y transportes.

Bajo los streams del tema 14 está la capa inferior de asyncio, sobre la que se construyen los
streams. Un *transporte* es el dueño del socket: envía lo que le das a ``transport.write(data)``,
guardando en un búfer lo que la red todavía no puede aceptar, y lee lo que llegue. Un *protocolo* es
tu objeto, y el bucle llama a sus métodos cuando pasa algo en la conexión:

- ``connection_made(transport)``: se ha conectado un extremo; guarda el transporte para escribirle.
- ``data_received(data)``: han llegado algunos bytes (lo que la red haya entregado hasta ahora).
- ``eof_received()``: el otro extremo no enviará nada más (devolver None cierra el transporte).
- ``connection_lost(exc)``: la conexión ha desaparecido; ``exc`` es None tras un cierre limpio y una
  excepción (``ConnectionResetError``, ...) cuando se rompió.
- ``pause_writing()`` / ``resume_writing()``: el búfer de salida del transporte superó su nivel alto
  de agua / se vació por debajo del nivel bajo.

Estos métodos son funciones corrientes, no corrutinas: se ejecutan dentro del bucle, tienen que
retornar rápido y no pueden usar ``await``. Para que una corrutina espere algo que ve una
retrollamada, dale un ``Future`` (que la retrollamada resuelve) o un ``Event`` (que la retrollamada
activa). Una excepción lanzada dentro de uno de ellos nunca llega a tu código: el bucle la registra
y cierra la conexión.

Un hecho sobre TCP lo gobierna todo aquí: lleva un flujo de bytes, no mensajes. Una llamada a
``data_received`` puede traer media línea, un solo byte, o tres líneas y media. Un protocolo que
habla en líneas mantiene un búfer y solo responde a líneas completas.

El tutorial de partida se detuvo en esta puerta: sus notas de redes dicen que los streams permiten
enviar y recibir "without using callbacks or low-level protocols and transports", y señalan
``loop.create_server`` como la siguiente lectura. Este tema es esa lectura. Dentro de una corrutina,
obtén el bucle con ``asyncio.get_running_loop()``; la costumbre del tutorial de partida de llamar a
``asyncio.get_event_loop()`` desde código síncrono está obsoleta (en 3.14 lanza una excepción si no
hay bucle fijado), y ``asyncio.run`` es la forma en que un programa arranca su bucle.

El corrector habla con tu código mediante sockets reales en 127.0.0.1 (como cliente de sockets
normal y como cliente de asyncio), así que estas pruebas usan el reloj real; tardan una fracción de
segundo.

Tarea 1. ``ShoutProtocol`` y ``start_shout_server(host, port)``: un servidor que responde a cada
        trozo de datos que recibe con los mismos bytes en mayúsculas (``b"hi"`` da ``b"HI"``; los
        bytes que no son texto vuelven tal como llegaron). ``start_shout_server`` lo arranca con el
        ``create_server`` del bucle en marcha en ``host`` y ``port``, un ``ShoutProtocol`` por
        conexión, y devuelve el ``asyncio.Server`` (el puerto 0 deja que el sistema elija uno
        libre). No atiendas para siempre: quien llama decide cuándo cerrarlo.
Tarea 2. ``SumProtocol``: cada línea que envía un cliente (terminada en ``b"\\n"``) contiene números
        enteros (también negativos) separados por espacios, uno o más (los espacios al principio o
        al final de una línea no cuentan); el servidor responde a cada línea con su suma y un salto
        de línea (``b"12 30\\n"`` da ``b"42\\n"``, una línea vacía ``b"0\\n"``, y una línea con
        cualquier otra cosa, una palabra o ``1.5``, ``b"error\\n"``, tras lo cual la conexión sigue
        funcionando). La versión que te damos funciona cuando cada línea llega de una pieza, como en
        una prueba manual rápida. Se rompe cuando una línea llega byte a byte o varias líneas llegan
        a la vez (arréglalo con un búfer), y una línea que no son números mata la conexión.
Tarea 3. ``ChatProtocol(clients)``: un servidor de chat. Todas las conexiones de un servidor
        comparten el conjunto ``clients``. Un cliente que se conecta entra en el conjunto; lo que
        envía un cliente se reenvía, tal cual, a cada uno de los demás clientes del conjunto; cuando
        un cliente se va, tanto si se despidió como si se rompió su conexión, sale del conjunto y
        cada cliente que queda recibe ``b"* a client left\\n"``.
Tarea 4. ``CollectProtocol(done)`` y ``request(host, port, message)``: un cliente. ``request`` se
        conecta con el ``create_connection`` del bucle en marcha, envía ``message`` y devuelve todo
        lo que el servidor le manda, hasta el momento en que el servidor cierra la conexión. El
        protocolo reúne los trozos y, en ``connection_lost``, resuelve el Future ``done``: con los
        bytes tras un cierre limpio, con la excepción cuando la conexión se rompió (así ``request``
        la lanza). Resuélvelo solo si nadie lo ha cancelado. Si se cancela ``request`` (por un
        tiempo de espera, por ejemplo), cierra la conexión al salir. Si la conexión no se puede
        establecer (porque la rechazan, por ejemplo), ``request`` lanza el error que lanzó
        ``create_connection``, tal cual; si la cancelan mientras se conecta, termina cancelada. En
        ese caso no hay transporte que cerrar.
Tarea 5. ``GatedWriter``: control de flujo para un cliente que envía mucho a un extremo lento. En
        ``connection_made`` fija el nivel alto de agua del transporte en ``HIGH_WATER`` con
        ``set_write_buffer_limits``. ``await writer.write(data)`` pasa ``data`` al transporte, pero
        mientras el transporte tenga el protocolo en pausa (entre ``pause_writing`` y
        ``resume_writing``) espera antes, para que el búfer siga siendo pequeño por despacio que lea
        el otro extremo. Una vez perdida la conexión, con pausa o sin ella, un ``write`` que espera
        o uno nuevo lanza ``ConnectionResetError`` en lugar de esperar para siempre. Cada writer
        espera solo mientras su propio transporte lo tenga en pausa.

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

HIGH_WATER = 16 * 1024  # bytes acumulados en el transporte antes de que ponga en pausa el protocolo


# Tarea 1
class ShoutProtocol(asyncio.Protocol):
    """Responde a cada trozo de datos con los mismos bytes en mayúsculas."""

    def connection_made(self, transport):
        # TODO: guarda el transporte: data_received escribe en él.
        raise NotImplementedError("tarea 1: escribe ShoutProtocol.connection_made")

    def data_received(self, data):
        # TODO: devuelve con write los mismos bytes en mayúsculas (los bytes tienen .upper()).
        raise NotImplementedError("tarea 1: escribe ShoutProtocol.data_received")


async def start_shout_server(host, port):
    """Arranca un servidor ShoutProtocol en ``host``:``port`` y devuelve el Server."""
    # TODO: espera el create_server del bucle en marcha con una fábrica de protocolos (la propia
    # clase sirve), host y port; devuelve el servidor que da.
    raise NotImplementedError("tarea 1: escribe start_shout_server")


# Tarea 2
class SumProtocol(asyncio.Protocol):
    """Responde a cada línea de números enteros con su suma."""

    def connection_made(self, transport):
        self.transport = transport
        # TODO: empieza un búfer vacío para los bytes de una línea todavía incompleta.

    def data_received(self, data):
        # TODO: esto trata data como líneas enteras, pero es lo que haya llegado: un trozo de línea,
        # o varias líneas. Añádelo al búfer, responde a cada línea completa del búfer y guarda los
        # bytes tras el último salto de línea para la siguiente llamada.
        for line in data.splitlines():
            self.transport.write(self.answer(line))

    def answer(self, line):
        # TODO: con una línea que no son números, int() lanza ValueError, y una excepción en un
        # método del protocolo hace que el bucle cierre la conexión. Responde b"error\n".
        total = sum(int(word) for word in line.split())
        return b"%d\n" % total


# Tarea 3
class ChatProtocol(asyncio.Protocol):
    """Una conexión de chat; todas las conexiones del servidor comparten ``clients``."""

    def __init__(self, clients):
        self.clients = clients
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        self.clients.add(self)

    def data_received(self, data):
        # TODO: escribe data en el transporte de cada uno de los demás clientes (no de vuelta al
        # remitente).
        raise NotImplementedError("tarea 3: escribe ChatProtocol.data_received")

    def connection_lost(self, exc):
        # TODO: sal del conjunto, sea cual sea exc, y avisa a cada cliente que quede con b"* a
        # client left\n".
        raise NotImplementedError("tarea 3: escribe ChatProtocol.connection_lost")


# Tarea 4
class CollectProtocol(asyncio.Protocol):
    """Reúne todo lo que envía el servidor; resuelve ``done`` cuando termina la conexión."""

    def __init__(self, done):
        self.done = done
        self.chunks = []

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.chunks.append(data)

    def connection_lost(self, exc):
        # TODO: salvo que done ya esté terminado (cancelado), fija como su resultado todos los
        # trozos unidos cuando exc sea None, o fija exc como su excepción.
        raise NotImplementedError("tarea 4: escribe CollectProtocol.connection_lost")


async def request(host, port, message):
    """Envía ``message`` y devuelve todo lo que el servidor mande antes de cerrar."""
    # TODO: crea un Future con el create_future() del bucle en marcha; conéctate con
    # loop.create_connection(lambda: CollectProtocol(done), host, port); escribe message; espera
    # done y devuélvelo; cierra el transporte en un bloque finally.
    raise NotImplementedError("tarea 4: escribe request")


# Tarea 5
class GatedWriter(asyncio.Protocol):
    """Un protocolo cliente cuyo ``write`` espera mientras el transporte está en pausa."""

    def __init__(self):
        self.transport = None
        # TODO: prepara aquello en lo que espera write() (un asyncio.Event, activado mientras se
        # permite escribir) y una marca de si se ha perdido la conexión.

    def connection_made(self, transport):
        # TODO: guarda el transporte y fija su nivel alto de agua en HIGH_WATER.
        raise NotImplementedError("tarea 5: escribe GatedWriter.connection_made")

    def pause_writing(self):
        # TODO: a partir de ahora, write() tiene que esperar.
        raise NotImplementedError("tarea 5: escribe GatedWriter.pause_writing")

    def resume_writing(self):
        # TODO: deja seguir a los escritores que esperan.
        raise NotImplementedError("tarea 5: escribe GatedWriter.resume_writing")

    def connection_lost(self, exc):
        # TODO: anota la pérdida y despierta a los escritores que esperan, para que lancen la
        # excepción.
        raise NotImplementedError("tarea 5: escribe GatedWriter.connection_lost")

    async def write(self, data):
        # TODO: espera mientras la escritura esté en pausa; lanza ConnectionResetError si se ha
        # perdido la conexión; si no, pasa data al transporte.
        raise NotImplementedError("tarea 5: escribe GatedWriter.write")
