"""Tema 01: generadores.

Antes de asyncio ya existían los generadores, y asyncio nació de ellos: un generador es una función
capaz de detenerse a mitad de camino, pasarle un valor a quien la llamó y, más tarde, seguir justo
desde donde se quedó, con todas sus variables locales intactas. Una corrutina es el mismo truco,
usado para esperar en lugar de para producir valores.

Una función con ``yield`` en cualquier punto de su cuerpo es una función generadora. Llamarla no
ejecuta nada del cuerpo: solo construye un objeto generador. Cada ``next(gen)`` ejecuta el cuerpo
hasta el siguiente ``yield`` y entrega el valor producido; el cuerpo queda congelado ahí hasta el
próximo ``next``. Cuando el cuerpo termina, ``next`` lanza ``StopIteration`` (y un ``return valor``
en el cuerpo viaja en esa excepción, como ``StopIteration.value``). Un bucle ``for`` no es más que
``next`` llamado hasta que llega ``StopIteration``, que el bucle se traga.

Esto es evaluación perezosa: un valor se calcula solo cuando alguien lo pide. Por eso un generador
puede no tener fin (nadie le pide todos sus valores), una cadena de generadores trata un elemento
cada vez por larga que sea su entrada, y no se calcula nada que nadie vaya a usar. Las expresiones
generadoras, ``(x * x for x in xs)``, son la forma de una sola línea, e ``itertools.islice`` toma
los primeros elementos de cualquier cosa, tenga fin o no.

El tutorial de partida (generadores.py) mostraba ``yield``, valores pedidos uno a uno con ``next`` y
la iteración que acaba en ``StopIteration``. Aquí escribes generadores así y luego demuestras que
son perezosos: el corrector te pasa fuentes que anotan cada elemento que les pides, y algunas no se
acaban nunca.

Tarea 1. ``countdown(n)``: una función generadora que produce ``n``, ``n - 1``, ..., ``1``. Tras el
        último, ``next`` lanza ``StopIteration``; ``countdown(0)`` no produce nada, y tampoco un
        ``n`` negativo.
Tarea 2. ``collect(gen)``: maneja un generador a mano: llama a ``next(gen)`` hasta que lance
        ``StopIteration`` y devuelve una tupla ``(items, returned)``: la lista de los valores que
        produjo y el valor que retornó su cuerpo (está en la ``StopIteration``; ``None`` si no
        retornó nada). Solo ``StopIteration`` lo termina: ``0``, ``''`` o ``None`` son elementos
        como cualquier otro, y un generador que no produce nada da ``([], None)``. Un bucle ``for``
        (o ``list``) no te puede dar ese valor retornado.
Tarea 3. ``even_squares(numbers)``: devuelve una expresión generadora con los cuadrados de los
        números pares de ``numbers`` (enteros, como los da ``n * n``), en orden. No se puede pedir
        nada a ``numbers`` antes del primer ``next``, y cada ``next`` avanza solo hasta el siguiente
        número par. (Una lista por comprensión calcularía todos los cuadrados de golpe.)
Tarea 4. ``fibonacci()``: una función generadora infinita que produce exactamente 0, 1, 1, 2, 3, 5,
        8, ... (cada uno, la suma de los dos anteriores) y no se detiene nunca. Como es perezosa, no
        cuesta nada hasta que se le pide. Dos generadores de fibonacci en uso a la vez producen cada
        uno la secuencia entera.
Tarea 5. ``take(n, iterable)``: los ``n`` primeros elementos de ``iterable`` en una lista (menos si
        se agota, sin añadir nada); ``itertools.islice`` lo hace. Tiene que funcionar con un
        iterable sin fin y pedir exactamente los elementos que devuelve: cuando dos llamadas a
        ``take`` comparten un iterador, la segunda sigue donde se quedó la primera, sin perder
        ningún elemento.
Tarea 6. ``running_total(numbers)``: la versión que te damos construye la lista entera de totales
        acumulados antes de devolver nada, así que con una entrada sin fin no retorna nunca y
        calcula totales que nadie ha pedido. Hazla perezosa: produce cada total en cuanto se haya
        pedido su número. Dos running_total en uso a la vez suman cada uno solo sus propios números.
Tarea 7. Una cadena de generadores en la que cada etapa pide a la anterior, un elemento cada vez.
        ``clean(lines)``: produce cada línea sin los espacios de los extremos, saltándose las líneas
        en blanco (vacías o solo con espacios) y las de comentario (las que empiezan por ``#`` una
        vez recortadas, con cualquier sangría). ``parse(lines)``: produce ``int(line)`` para cada
        línea. ``totals(lines)``: encadena ``clean``, ``parse`` y ``running_total`` y devuelve la
        última etapa, de modo que ``list(totals(["# n", "3", "", " 4 "]))`` sea ``[3, 7]`` y el
        primer total salga en cuanto se haya leído la primera línea con un número.

Cada función de primer nivel deja como estaban las listas, los diccionarios y los conjuntos que
recibe, salvo que su tarea diga otra cosa.

Las llamadas no comparten nada a través del módulo: mientras corren y cuando terminan, las variables
globales del módulo, los atributos de sus clases y los valores por defecto de los parámetros de sus
funciones contienen lo que contenían antes (un conjunto puede mantener vivas tareas en marcha
mientras tanto), salvo que una tarea diga otra cosa.
"""

import itertools


# Tarea 1
def countdown(n):
    """Produce n, n - 1, ..., 1."""
    # TODO: convierte countdown en una función generadora: produce n con yield, luego n - 1, ...,
    # hasta 1.
    raise NotImplementedError("tarea 1: escribe countdown")


# Tarea 2
def collect(gen):
    """Maneja ``gen`` con next() hasta el final; devuelve (elementos producidos, valor
    retornado).
    """
    # TODO: llama a next(gen) en un bucle y guarda cada valor, hasta que lance StopIteration;
    # entonces devuelve (items, el valor que lleva la StopIteration).
    raise NotImplementedError("tarea 2: escribe collect")


# Tarea 3
def even_squares(numbers):
    """Una expresión generadora: los cuadrados de los números pares, calculados a demanda."""
    # TODO: devuelve una expresión generadora (entre paréntesis) con los cuadrados de los pares.
    raise NotImplementedError("tarea 3: escribe even_squares")


# Tarea 4
def fibonacci():
    """Produce los números de Fibonacci, 0, 1, 1, 2, 3, ..., para siempre."""
    # TODO: guarda dos números y produce valores para siempre (while True); no retornes nunca.
    raise NotImplementedError("tarea 4: escribe fibonacci")


# Tarea 5
def take(n, iterable):
    """Los ``n`` primeros elementos de ``iterable``, en una lista."""
    # TODO: devuelve una lista con los n primeros elementos (itertools.islice los toma).
    raise NotImplementedError("tarea 5: escribe take")


# Tarea 6
def running_total(numbers):
    """Produce el total acumulado tras cada número."""
    # TODO: esto calcula todos los totales antes de entregar ninguno, y con una entrada infinita no
    # termina nunca. Conviértelo en un generador: produce cada total en cuanto lo tengas.
    result = []
    total = 0
    for number in numbers:
        total += number
        result.append(total)
    return result


# Tarea 7
def clean(lines):
    """Produce cada línea recortada, saltándose las líneas en blanco y los comentarios."""
    # TODO: produce cada línea sin espacios en los extremos, salvo si queda vacía o empieza por "#".
    raise NotImplementedError("tarea 7: escribe clean")


def parse(lines):
    """Produce cada línea como un int."""
    # TODO: produce int(line) para cada línea.
    raise NotImplementedError("tarea 7: escribe parse")


def totals(lines):
    """La cadena clean -> parse -> running_total sobre ``lines``."""
    # TODO: encadena las tres etapas y devuelve la última.
    raise NotImplementedError("tarea 7: escribe totals")
