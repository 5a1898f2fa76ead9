"""Tema 04: async y await.

El tutorial de partida reescribió sus "tareas" generadoras con ``async def`` y con ``await
asyncio.sleep(0)`` como el punto en que una tarea deja avanzar a las demás, y se las pasó a
``asyncio.gather`` dentro de ``asyncio.run`` (genTOasyncio.py). Después ejecutó de tres maneras dos
corrutinas que duermen 1+1 s y 2+2 s (asynioPuro.py): esperadas una tras otra (unos 6 s), como
tareas creadas con ``create_task`` (unos 4 s) y con ``gather`` (unos 4 s). También mostró el aviso
"coroutine ... was never awaited" que aparece cuando llamas a una función corrutina y tiras lo que
devuelve.

Aquí haces todo eso a propósito, y el corrector te cronometra con un reloj virtual: dormir 1 s no
consume tiempo real, pero el reloj dice igualmente que ha pasado 1 s.

Tarea 1. ``greet(name)``: tu primera función corrutina. Esperar ``greet("Ada")`` con ``await`` da
        ``"Hello, Ada!"``. Llamarla sin ``await`` da un objeto corrutina, no el texto: no se ejecuta
        nada hasta que algo la espera.
Tarea 2. ``greet_from_sync(name)``: una función corriente (sin ``async``) que ejecuta
        ``greet(name)`` hasta el final con ``asyncio.run`` y devuelve su texto. Así entra el código
        síncrono en el mundo asíncrono.
Tarea 3. ``save_all(store, items)``: a la versión que te damos se le olvida un ``await``, así que no
        se guarda nada y Python avisa "coroutine ... was never awaited". Arréglala, y conserva su
        bucle: un guardado tras otro, en el orden de ``items`` (un almacén, como una conexión a una
        base de datos, puede admitir un solo guardado a la vez). Deja la lista ``items`` tal como
        está.
Tarea 4. ``apply_in_order(value, steps)``: cada paso es una función asíncrona que recibe el
        resultado del paso anterior. Espéralos uno tras otro y devuelve el último resultado (el
        propio ``value`` si no hay pasos). Deja la lista ``steps`` tal como está: quien llama puede
        volver a ejecutar los mismos pasos. Aquí lo importante es el orden: el paso 2 necesita lo
        que retorna el paso 1.
Tarea 5. ``sleep_concurrently(count, seconds)``: duerme ``count`` veces (``count`` llamadas a
        ``asyncio.sleep(seconds)``), todas a la vez. Diez esperas de 1 s tienen que tardar al menos
        1 s y menos de 2 s.
Tarea 6. ``fetch_all(urls, fetch)``: espera ``fetch(url)`` una vez por cada URL, de forma
        concurrente, y devuelve la lista de resultados en el orden de ``urls``, termine antes la que
        termine. Cuando un fetch lanza una excepción, esa excepción sale de ``fetch_all`` (tal cual,
        o dentro del ``ExceptionGroup`` de un ``TaskGroup``): no hay lista que devolver. Dos
        llamadas a la vez devuelven cada una solo sus propias páginas.
Tarea 7. ``run_with_background(work, background)``: arranca ``background()`` como tarea (con
        ``asyncio.create_task``, por ejemplo), espera ``work()`` mientras la tarea avanza, espera
        después la tarea y devuelve los dos resultados en una tupla ``(work_result,
        background_result)``. Tanto ``work`` como ``background`` se llaman una sola vez.

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
"""

import asyncio


# Tarea 1
# TODO: convierte greet en una función corrutina (async def) que retorne f"Hello, {name}!".
def greet(name):
    """Retorna un saludo; como es ``async def``, llamarla crea un objeto corrutina."""
    raise NotImplementedError("tarea 1: escribe greet")


# Tarea 2
def greet_from_sync(name):
    """Ejecuta ``greet`` desde código síncrono."""
    # TODO: ejecuta greet(name) con asyncio.run y devuelve lo que dé.
    raise NotImplementedError("tarea 2: escribe greet_from_sync")


# Tarea 3
async def save_all(store, items):
    """Guarda cada elemento con ``await store.save(item)``."""
    for item in items:
        # TODO: esta línea crea una corrutina y la abandona, así que no se guarda nada. Arréglala.
        store.save(item)


# Tarea 4
async def apply_in_order(value, steps):
    """Pasa ``value`` por todos los pasos, uno tras otro."""
    # TODO: espera con await cada paso con el resultado anterior; devuelve el último.
    raise NotImplementedError("tarea 4: escribe apply_in_order")


# Tarea 5
async def sleep_concurrently(count, seconds):
    """Duerme ``count`` veces durante ``seconds``, todas a la vez."""
    # TODO: arranca todas las esperas antes de esperar a ninguna (asyncio.gather lo hace).
    raise NotImplementedError("tarea 5: escribe sleep_concurrently")


# Tarea 6
async def fetch_all(urls, fetch):
    """Descarga todas las URL de forma concurrente; los resultados vuelven en el orden de
    ``urls``.
    """
    # TODO: espera fetch(url) para todas las URL a la vez; conserva los resultados en el orden de
    # urls.
    raise NotImplementedError("tarea 6: escribe fetch_all")


# Tarea 7
async def run_with_background(work, background):
    """Ejecuta ``background()`` como tarea mientras se espera ``work()``."""
    # TODO: arranca background() con asyncio.create_task, espera work() y después la tarea.
    raise NotImplementedError("tarea 7: escribe run_with_background")
