"""The course's rules for every task: each is a paragraph of the statements it applies to,
word for word, and the messages that fail on it quote it (:func:`quoted`).

``tests/harness/test_rules.py`` keeps the two sides together: a statement carries a rule
exactly when its topic's checks enforce it.
"""

from grader.i18n import N_, _
from grader.inside.evidence import Sealed

# Enforced on every topic: the suites reach the learner's functions through keeping_arguments.
ARGUMENTS = N_(
    "Every top-level function leaves the lists, dicts and sets it is given as they were, "
    "unless its task says otherwise."
)
# Enforced on every topic: while a call of the learner's is suspended, and after each graded
# test, what the learner's module holds is compared with what it held before
# (grader/inside/module_state.py, grader/inside/suspensions.py).
SHARED_STATE = N_(
    "Calls share nothing through the module: while they run and once they are done, the "
    "module's globals, its classes' attributes and the default values of its functions' "
    "parameters hold what they held before (a set may keep running tasks alive meanwhile), "
    "unless a task says otherwise."
)

# Enforced where a suite waits hours of loop time, spies on the deadlines set, or runs more
# at once than any cap would guess (grader/inside/running.py, spies.py, the suites); every
# async function's deadline is checked (tests/harness/test_rule_mutants.py).
LIMITS = N_(
    "No function sets a limit its task does not give: no timeout of its own "
    "(``asyncio.timeout``, ``asyncio.wait_for``, a ``timeout=`` argument) and no cap on how "
    "many things run at once, how many steps they take or how much data they handle. It waits "
    "as long as the work takes."
)

# Enforced wherever the learner's tasks run on the test loops: a task that was cancelled and
# did not end cancelled fails its test (grader/inside/loops.py, the plugin), and the suites
# cancel every async function of the learner's while it waits
# (running.check_cancelled_while_waiting): tests/harness/test_rule_mutants.py grades, for each
# one, the solution with that function returning when cancelled, which must fail its task.
CANCELLED = N_(
    "An ``async`` function whose task is cancelled ends cancelled: it may clean up first, then "
    "it lets ``asyncio.CancelledError`` go on, neither returning nor raising another error "
    "instead."
)

# Enforced wherever a task of the learner's, or a suite's task running the learner's code,
# ends cancelled on a test loop (grader/inside/loops.py notes who started which task, the
# plugin and running.check_cancelled_while_waiting fail the test): the tasks it started, and
# those they started, must all have ended. Not in the first topics on tasks, which have not met
# TaskGroup, nor for a task that says otherwise: their tests are marked ``may_leave_tasks``.
LEFT_RUNNING = N_(
    "A cancelled ``async`` function leaves none of the tasks it started running, unless its "
    "task says otherwise: before it lets ``asyncio.CancelledError`` go on, it cancels them "
    "and waits until they have ended (a ``TaskGroup`` does both; ``gather`` only with "
    "``return_exceptions=True``)."
)


# The promise a check names when it enforces a rule rather than a promise of its task's own:
# ``@task(N, checks=("cancelled",))`` (tests/harness/test_promises.py).
PROMISE_KEYS = {"cancelled": CANCELLED, "limits": LIMITS, "left-running": LEFT_RUNNING}
# Every rule by its key: what a wrong variant names as the one it breaks (``BREAKS``).
RULE_KEYS = {"arguments": ARGUMENTS, "shared-state": SHARED_STATE, **PROMISE_KEYS}
# The rules the plugin holds every graded test to, whatever its checks name.
ON_EVERY_TEST = {"shared-state"}


# Which rules the running test holds the learner's code to, where a suite may opt out: set by
# the plugin before each test. left_running (LEFT_RUNNING): False in tests marked
# may_leave_tasks. It only says where a failure is told (in the scene, by
# check_cancelled_while_waiting): the verdict is the plugin's, from the test's own markers.
class RulesInForce(Sealed):
    __slots__ = ("left_running",)


rules_in_force = RulesInForce()
rules_in_force.left_running = True


def quoted(rule: str) -> str:
    """``rule`` in the learner's language, its code marked as messages mark it (`code`)."""
    return _(rule).replace("``", "`")
