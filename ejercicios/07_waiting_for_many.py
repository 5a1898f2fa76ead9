"""Tema 07: esperar a muchas.

En el tutorial de partida (asynioPuro.py), dos corrutinas que duermen 1+1 s y 2+2 s se ejecutaban de
tres maneras: esperadas una tras otra (unos 6 s), arrancadas con ``create_task`` y esperadas después
(unos 4 s), y pasadas a ``gather`` (unos 4 s). Ahí se quedaba, con todas las corrutinas saliendo
bien y quien llamaba contento de esperarlas a todas. El trabajo real pide más: una de diez descargas
falla y aun así quieres las otras nueve; quieres mostrar cada resultado en cuanto llega; solo
necesitas la respuesta más rápida; tienes que pararlo todo al primer fallo. Un ``gather`` sin más no
resuelve ninguno de estos casos. Si una de las corrutinas del tutorial hubiera lanzado una
excepción, ``gather`` habría lanzado ese error enseguida mientras la otra corrutina seguía en marcha
sin que nadie la esperara.

asyncio ofrece una herramienta para cada manera de esperar:

- ``asyncio.gather(*aws, return_exceptions=True)``: espera a todas; un fallo vuelve en la lista de
  resultados, en su sitio, en lugar de lanzarse.
- ``asyncio.as_completed(aws)``: los resultados en el orden en que terminan. Un ``for`` normal sobre
  él produce esperables nuevos, no tus tareas, así que haz que cada esperable devuelva lo que
  necesites para saber cuál era. (Python 3.13 añadió ``async for`` sobre él, que produce las tareas
  originales; tu código también tiene que funcionar en 3.11, así que usa el ``for`` normal.)
- ``asyncio.wait(tasks, return_when=...)``: devuelve dos conjuntos, ``(done, pending)``, en cuanto
  se cumple ``FIRST_COMPLETED``, ``FIRST_EXCEPTION`` o ``ALL_COMPLETED``. Recibe tareas, no
  corrutinas, y nunca cancela nada: lo que sigue pendiente continúa en marcha hasta que lo canceles.
- ``asyncio.TaskGroup``: la forma estructurada. Cada tarea arrancada en el bloque ``async with`` se
  espera al terminar el bloque; cuando una falla, el grupo cancela las demás y lanza un
  ``ExceptionGroup`` con todos los errores. ``except* UnError`` gestiona los errores de un tipo
  dentro de ese grupo y deja que el resto se propague.

Una tarea que cancelas todavía no se ha detenido: ``task.cancel()`` solo lo pide. La tarea se
detiene en su siguiente ``await``, y al salir ejecuta sus bloques ``finally``. Espérala (por ejemplo
con ``asyncio.gather(*tasks, return_exceptions=True)``) para saber que se ha detenido.

El corrector te da operaciones simuladas que tardan un tiempo fijo en un reloj virtual, anota cuándo
se ejecutó cada una y cómo terminó (hecha, fallida o cancelada), y dibuja esa línea de tiempo cuando
falla una comprobación.

Tarea 1. ``fetch_all_settled(urls, fetch)``: la versión que te damos usa un ``gather`` sin más: una
        descarga que falla hace que lance una excepción, y las demás descargas se quedan en marcha
        sin que nadie las espere. Arréglala para que, descargando todavía todas las URL a la vez,
        devuelva una lista en el orden de ``urls`` con cada página o, para una descarga que falló,
        el objeto excepción que lanzó. Un fallo no debe detener ni cancelar las demás descargas.
        Cuando se cancela la propia ``fetch_all_settled`` (por un tiempo de espera, por ejemplo), su
        ``CancelledError`` no es el error de ninguna descarga y no va en la lista: cancela las
        descargas que sigan en marcha, espera a que se hayan detenido y deja que siga su camino
        hasta quien te llamó (``gather`` hace todo esto por sí solo).
Tarea 2. ``fetch_with_progress(urls, fetch, progress)``: descarga todas las URL a la vez y, en
        cuanto termine cada descarga, llama a ``progress(url, page)`` (una función corriente), para
        que la página más rápida se muestre la primera; cuando varias terminen en el mismo instante,
        informa de cada una. Devuelve una lista de las URL en el orden en que terminaron sus
        descargas. ``asyncio.as_completed`` está hecho para esto.
Tarea 3. ``first_response(mirrors, download)``: descarga de todas las réplicas a la vez y devuelve
        el resultado de la primera descarga que termine. Cancela las demás descargas y espera a que
        se hayan detenido antes de retornar: no puede quedar nada en marcha. Si la primera descarga
        en terminar falló, su excepción sale de ``first_response`` (tal cual, o dentro del
        ``ExceptionGroup`` de un ``TaskGroup``), y las demás descargas se cancelan y se detienen
        igualmente. Lo mismo vale cuando se cancela el propio ``first_response`` (por un tiempo de
        espera, por ejemplo) antes de que termine ninguna descarga: también hay que cancelar las
        descargas, y la cancelación tiene que seguir hasta quien te llamó. Prueba
        ``asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)`` con un ``finally``.
Tarea 4. ``deploy_all(servers, deploy)``: ejecuta ``deploy(server)`` en todos los servidores a la
        vez. En cuanto falle un despliegue, para: cancela los que sigan en marcha y espera a que se
        hayan detenido. Devuelve un dict con el desenlace de cada servidor: ``"ok"``, ``"failed"`` o
        ``"cancelled"`` (varios pueden fallar en el mismo instante: cada uno que falló es
        ``"failed"``). Si no falla ninguno, espéralos a todos (todos son ``"ok"``). No lances
        ninguna excepción, ni siquiera con una lista de servidores vacía (devuelve ``{}``).
        ``asyncio.wait`` con ``FIRST_EXCEPTION`` encaja. Dos llamadas a la vez detienen e informan
        cada una solo de sus propios despliegues.
Tarea 5. ``run_all(jobs)``: cada trabajo es una función asíncrona sin argumentos. Ejecútalos todos a
        la vez en un ``asyncio.TaskGroup`` y devuelve una lista de sus resultados en el orden de
        ``jobs``. Cuando falle un trabajo, deja que el grupo haga lo suyo: cancela los demás
        trabajos y lanza un ``ExceptionGroup`` con el error. Deja que se propague.
Tarea 6. ``run_and_report(jobs)``: ejecuta también los trabajos a la vez en un ``TaskGroup`` (un
        fallo cancela los demás trabajos, como en la tarea 5), pero informa de los fallos previstos
        en lugar de lanzarlos. Devuelve un dict con tres claves: ``"results"`` (una lista de los
        resultados en el orden de los trabajos, o ``None`` si el grupo falló), ``"invalid"`` (el
        mensaje, ``str(error)``, de cada ``ValueError``) y ``"offline"`` (el mensaje de cada
        ``ConnectionError``). Varios trabajos pueden fallar en el mismo momento (cada uno con un
        solo error corriente, nunca con un grupo propio), así que el grupo puede contener varios
        errores: gestiona cada tipo con ``except*``. Cualquier otro tipo de error no te toca a ti:
        tiene que seguir propagándose, en su ``ExceptionGroup``.

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


# Tarea 1
async def fetch_all_settled(urls, fetch):
    """Descarga todas las URL a la vez; un fallo se devuelve en su sitio, no se lanza."""
    # TODO: una descarga que falla hace que este gather lance una excepción, y las demás descargas
    # siguen sin que nadie las espere. Haz que gather devuelva cada excepción en la lista.
    return await asyncio.gather(*(fetch(url) for url in urls))


# Tarea 2
async def fetch_with_progress(urls, fetch, progress):
    """Descarga todas las URL a la vez; informa de cada página en cuanto llega."""
    # TODO: arranca todas las descargas; según termine cada una, llama a progress(url, page) y anota
    # la url (asyncio.as_completed). Devuelve las urls en el orden en que terminaron sus descargas.
    # Si te cancelan, cancela las descargas que sigan en marcha y espéralas (en un bloque finally).
    raise NotImplementedError("tarea 2: escribe fetch_with_progress")


# Tarea 3
async def first_response(mirrors, download):
    """Devuelve la primera descarga que termine; cancela las demás y espera a que se detengan."""
    # TODO: arranca una tarea por réplica; espera a la primera que termine (asyncio.wait con
    # FIRST_COMPLETED) y devuelve su resultado. En un bloque finally, cancela todas las tareas y
    # espéralas todas, para que no quede ninguna en marcha, incluso si te cancelan a ti.
    raise NotImplementedError("tarea 3: escribe first_response")


# Tarea 4
async def deploy_all(servers, deploy):
    """Despliega en todas partes a la vez; al primer fallo, cancela el resto. Informa de los
    desenlaces.
    """
    # TODO: arranca una tarea por servidor; espera con asyncio.wait(..., FIRST_EXCEPTION); cancela y
    # espera lo que siga pendiente (en un bloque finally, para que un deploy_all cancelado tampoco
    # deje nada en marcha); devuelve {server: "ok" | "failed" | "cancelled"}.
    raise NotImplementedError("tarea 4: escribe deploy_all")


# Tarea 5
async def run_all(jobs):
    """Ejecuta todos los trabajos a la vez en un TaskGroup; resultados en el orden de los
    trabajos.
    """
    # TODO: dentro de `async with asyncio.TaskGroup() as group:`, crea una tarea por trabajo;
    # después del bloque, devuelve los resultados de las tareas en el orden de los trabajos. Deja
    # que se propague un ExceptionGroup.
    raise NotImplementedError("tarea 5: escribe run_all")


# Tarea 6
async def run_and_report(jobs):
    """Ejecuta cada trabajo en un TaskGroup; informa de los ValueError y ConnectionError, y lanza
    el resto.
    """
    # TODO: ejecuta los trabajos en un TaskGroup dentro de un try; usa `except* ValueError` y
    # `except* ConnectionError` para llenar "invalid" y "offline" con los mensajes; llena "results"
    # solo si no falló ningún trabajo. (Dentro de un bloque except* no se permite return.)
    raise NotImplementedError("tarea 6: escribe run_and_report")
