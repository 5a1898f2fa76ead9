"""Tema 17: proyecto final, un descargador cuidadoso.

Construyes el lado cliente de un pequeño servicio: un descargador que pide valores por clave a un
servidor de esta misma máquina (la dirección de loopback 127.0.0.1), muchos a la vez, sin
sobrecargarlo, reintentando cuando tropieza, rindiéndose cuando se calla, y que se apaga sin dejar
nada atrás. Todo cliente de un servicio real necesita estas cuatro cosas, y las construyes con lo de
los temas anteriores: tareas y ``gather``, un ``Semaphore``, ``asyncio.timeout``, cancelación con
limpieza en ``finally``, un recurso con ``async with``.

El tutorial de partida se quedó a la puerta: su README menciona una carpeta de redes "para más
adelante", con una nota, que los streams envían y reciben por una conexión sin retrollamadas, y una
referencia a ``create_server``. Este tema cruza esa puerta con streams
(``asyncio.open_connection``). El corrector ejecuta el servidor, en un puerto que elige él, y lo
vuelve lento, inestable o callado a voluntad; ve cada petición que envías, cuántas están en curso a
la vez y qué conexiones dejas abiertas. Los sockets reales usan el reloj real, así que estas pruebas
tardan tiempo real (aunque poco).

El protocolo, una petición por conexión:

- conéctate a ``address``, una tupla ``(host, port)``: ``asyncio.open_connection(*address)``;
- envía una línea, ``GET <key>`` y un salto de línea, codificada en UTF-8;
- lee una línea de vuelta, texto UTF-8 de menos de 64 KiB (el límite propio de ``readline()``): ``OK
  <value>`` (el valor es todo lo que sigue a ``OK ``, sin el salto de línea) o ``ERR <reason>``; el
  servidor también puede colgar sin decir nada (lees una línea vacía) o, cuando está callado, no
  decir nada en absoluto y mantener la conexión abierta;
- cierra la conexión: ``writer.close()`` y después ``await writer.wait_closed()``.

Una respuesta ``ERR``, un cuelgue y cualquier otra línea que no sea ``OK <value>`` se notifican
todos lanzando ``FetchError`` (definida más abajo): nunca tomes por un valor una respuesta que no
sabes leer.

Tarea 1. ``fetch_one(address, key)``: pide un valor, como se ha descrito, y devuélvelo. Lanza
        ``FetchError`` ante ``ERR``, un cuelgue o cualquier otra respuesta que no sea ``OK
        <value>``. Cierra la conexión termine como termine la llamada: con un valor, con un error o
        cancelada (un ``finally`` cubre los tres casos).
Tarea 2. ``fetch_many(address, keys)``: pide todas las claves a la vez y devuelve los valores en una
        lista, en el orden de ``keys``, llegue antes la respuesta que llegue. El ``FetchError`` de
        una clave rechazada sigue hasta quien llama (tal cual, o dentro del ``ExceptionGroup`` de un
        ``TaskGroup``): ningún valor ocupa su lugar.
Tarea 3. ``fetch_capped(address, keys, limit)``: lo mismo, pero nunca con más de ``limit``
        peticiones en curso; y tampoco con menos mientras esperen claves: en cuanto termina una
        petición, empieza la siguiente clave (un ``asyncio.Semaphore`` hace exactamente esto; las
        tandas de ``limit`` no, porque una tanda espera a su miembro más lento). Dos llamadas a la
        vez se limitan por separado, cada una con su propio ``limit``.
Tarea 4. ``fetch_settled(address, keys, timeout)``: pide todas las claves a la vez, cada una con sus
        propios ``timeout`` segundos, y devuelve una lista con un desenlace por clave, en orden: el
        valor, o la excepción que terminó esa petición (un ``TimeoutError`` para una clave a la que
        el servidor nunca respondió, un ``FetchError`` para un rechazo). Una clave sin respuesta no
        debe retrasar a las demás, y su conexión tiene que cerrarse cuando se abandona.
Tarea 5. ``fetch_with_retries(address, key, attempts, backoff)``: llama a ``fetch_one``; cuando
        lance ``FetchError``, espera y vuelve a intentarlo: ``backoff`` segundos antes del segundo
        intento, el doble antes del tercero, cuatro veces más antes del cuarto, y así sucesivamente
        (una espera exponencial). Haz como mucho ``attempts`` intentos en total; si el último
        también falla, lanza su ``FetchError`` enseguida, sin volver a esperar. Solo se reintenta un
        ``FetchError``: cualquier otra excepción sigue su camino enseguida. Dos llamadas a la vez
        cuentan y espacian cada una solo sus propios intentos.
Tarea 6. ``Fetcher(address, *, limit, timeout, attempts=1, backoff=0.0)``: el cliente del servicio,
        un objeto que se puede apagar limpiamente. ``fetcher.submit(key)`` arranca la petición de
        ``key`` como tarea y devuelve la tarea. Cada petición espera una de las ``limit`` plazas
        (compartidas por todas las peticiones de este fetcher) y después ejecuta
        ``fetch_with_retries``, con los ``attempts`` y el ``backoff`` del fetcher, en menos de
        ``timeout`` segundos en total, reintentos incluidos (contados desde que obtuvo su plaza, no
        desde que se envió). Por eso una clave a la que se le agotó el tiempo no se reintenta:
        termina en ``TimeoutError``. ``await fetcher.aclose()`` lo apaga: a partir de entonces
        ``submit`` lanza ``RuntimeError``, se cancela cada petición aún sin terminar, y ``aclose``
        solo retorna cuando todas han terminado y cerrado sus conexiones. Llamarlo dos veces no es
        problema. ``async with Fetcher(...) as fetcher:`` da el fetcher y lo cierra al terminar el
        bloque, termine como termine, sin ocultar una excepción lanzada en el bloque.
Tarea 7. ``fetch_all(address, keys, *, limit, timeout, attempts, backoff)``: todo el servicio bajo
        carga: abre un ``Fetcher`` con ``async with``, envía cada clave con submit y devuelve un
        desenlace por clave en el orden de ``keys``, como en la tarea 4. El corrector envía una
        mezcla de claves rápidas, lentas, inestables, rotas y sin respuesta, y comprueba que en el
        momento de más actividad hay exactamente ``limit`` peticiones en curso, que cada clave
        recibe los intentos que necesita y ni uno más, que una clave sin respuesta termina en
        ``TimeoutError`` mientras las demás siguen, que a las claves que esperan turno para una
        plaza no se les agota el tiempo, y que al retornar no queda nada abierto ni en marcha.

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


class FetchError(Exception):
    """Una petición falló: ``ERR <reason>``, un cuelgue o cualquier respuesta que no sea ``OK
    <value>``.
    """


# Tarea 1
async def fetch_one(address, key):
    """Envía ``GET key`` por una conexión nueva y devuelve el valor que responde el servidor."""
    # TODO: abre una conexión con asyncio.open_connection(*address); envía b"GET <key>\n" y haz
    # drain; lee una línea. Cierra la conexión en un finally (writer.close() y después await
    # writer.wait_closed()). Devuelve el texto que sigue a "OK "; lanza FetchError ante cualquier
    # otra línea: "ERR ...", una línea vacía (el servidor colgó), una línea que no es texto UTF-8 o
    # cualquier otra cosa.
    raise NotImplementedError("tarea 1: escribe fetch_one")


# Tarea 2
async def fetch_many(address, keys):
    """Pide todas las claves a la vez; los valores vuelven en el orden de ``keys``."""
    # TODO: ejecuta fetch_one para todas las claves a la vez; devuelve los valores en el orden de
    # las claves.
    raise NotImplementedError("tarea 2: escribe fetch_many")


# Tarea 3
async def fetch_capped(address, keys, limit):
    """Pide cada clave, ``limit`` a la vez, empezando la siguiente en cuanto se libera una plaza."""
    # TODO: como fetch_many, pero con un único asyncio.Semaphore(limit), compartido por todas las
    # peticiones, adquirido alrededor de cada fetch_one.
    raise NotImplementedError("tarea 3: escribe fetch_capped")


# Tarea 4
async def fetch_settled(address, keys, timeout):
    """Pide todas las claves a la vez, cada una en menos de ``timeout``; devuelve valores o
    excepciones.
    """
    # TODO: da a cada fetch_one su propio asyncio.timeout(timeout); ejecútalas todas a la vez y
    # devuelve, en el orden de las claves, cada valor o la excepción que la terminó (gather(...,
    # return_exceptions=True) lo hace).
    raise NotImplementedError("tarea 4: escribe fetch_settled")


# Tarea 5
async def fetch_with_retries(address, key, attempts, backoff):
    """Intenta ``fetch_one`` hasta ``attempts`` veces, esperando más tras cada fallo."""
    # TODO: llama a fetch_one; ante FetchError, duerme backoff * 2 ** n (n = 0, 1, 2...) y vuelve a
    # intentarlo. Tras el último intento, vuelve a lanzar su FetchError enseguida.
    raise NotImplementedError("tarea 5: escribe fetch_with_retries")


# Tarea 6
class Fetcher:
    """Un descargador con límite de concurrencia, tiempos de espera, reintentos y un apagado
    limpio.
    """

    def __init__(self, address, *, limit, timeout, attempts=1, backoff=0.0):
        self.address = address
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        # TODO: un semáforo (Semaphore) de `limit` plazas, un conjunto para las tareas de petición
        # en marcha y una marca de "cerrado".

    def submit(self, key):
        """Empieza a pedir ``key`` como tarea y devuelve la tarea."""
        # TODO: rechaza (RuntimeError) una vez cerrado; arranca self._fetch(key) con
        # asyncio.create_task, guarda la tarea en el conjunto hasta que termine y devuélvela.
        raise NotImplementedError("tarea 6: escribe Fetcher.submit")

    async def _fetch(self, key):
        # TODO: toma una plaza y después ejecuta fetch_with_retries en menos de self.timeout
        # segundos.
        raise NotImplementedError("tarea 6: escribe Fetcher._fetch")

    async def aclose(self):
        """Rechaza trabajo nuevo, cancela lo que esté en marcha y espera a que todo haya
        terminado.
        """
        # TODO: marca el fetcher como cerrado, cancela cada tarea de petición sin terminar y después
        # espéralas todas (sus excepciones y cancelaciones son de esperar: no las dejes salir).
        raise NotImplementedError("tarea 6: escribe Fetcher.aclose")

    async def __aenter__(self):
        # TODO: devuelve el propio fetcher.
        raise NotImplementedError("tarea 6: escribe Fetcher.__aenter__")

    async def __aexit__(self, exc_type, exc, traceback):
        # TODO: cierra el fetcher; devuelve False para que una excepción del bloque siga su camino.
        raise NotImplementedError("tarea 6: escribe Fetcher.__aexit__")


# Tarea 7
async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    """Pide cada clave mediante un Fetcher; un desenlace por clave, en el orden de ``keys``."""
    # TODO: async with un Fetcher creado con estas opciones: envía cada clave con submit y después
    # reúne las tareas con gather y return_exceptions=True.
    raise NotImplementedError("tarea 7: escribe fetch_all")
