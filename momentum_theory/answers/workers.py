"""Running one computation per forked worker process, under a time and memory budget.

- :func:`run_in_workers` -- each item in its own forked worker, a few at a time,
  each killed at its time limit;
- :class:`Timer`, :class:`OutOfTime` -- inside a worker, stop pure-Python work
  at a chosen moment with a message.

Used by :func:`~momentum_theory.answers.check_answer` to decide typed answers. A worker is a
``fork`` of the calling process (cheap: a few milliseconds, and everything the
caller has imported or cached is already there). In the worker,
``RLIMIT_AS`` caps the address space at what the caller used plus the memory
budget, ``RLIMIT_CPU`` caps CPU time (a backstop, should the caller die),
no core file is written, and :class:`Timer` can raise :class:`OutOfTime` at a
chosen moment so that pure-Python work stops with a message. The caller kills
the worker at the time limit whatever it is doing: signals cannot interrupt
CPython's big-integer arithmetic, a kill can. The outcome comes back pickled
through a pipe; a worker that sends none (killed, out of memory, crashed)
gives a one-line reason instead.
"""
from __future__ import annotations

import math
import os
import time

from momentum_theory.answers._common import printable

__all__ = ["run_in_workers", "Timer", "OutOfTime"]


class OutOfTime(BaseException):
    """Raised by a :class:`Timer` inside a worker (a BaseException, so that no
    ``except Exception`` in SymPy swallows it)."""


class Timer:
    """Raise :class:`OutOfTime` in this process at a given moment (SIGALRM).

    Used only in a worker, or in the calling process's main thread when there is
    no fork; elsewhere it does nothing. ``at(moment)`` sets the alarm at a
    ``time.monotonic()`` moment, ``cancel()`` clears it; leaving the ``with``
    block restores the previous handler.

    Examples
    --------
    >>> with Timer() as timer:
    ...     timer.at(time.monotonic() + 0.05)
    ...     try:
    ...         time.sleep(5)
    ...     except OutOfTime:
    ...         print("stopped")
    stopped
    """

    def __init__(self):
        import signal
        import threading
        self.enabled = (hasattr(signal, "setitimer")
                        and threading.current_thread() is threading.main_thread())
        self.previous = None

    def __enter__(self):
        if self.enabled:
            import signal
            try:
                self.previous = signal.signal(signal.SIGALRM, self._ring)
            except ValueError:  # pragma: no cover - not the main thread after all
                self.enabled = False
        return self

    @staticmethod
    def _ring(signum, frame):
        raise OutOfTime()

    def at(self, moment):
        if self.enabled:
            import signal
            signal.setitimer(signal.ITIMER_REAL, max(moment - time.monotonic(), 1e-4))

    def cancel(self):
        if self.enabled:
            import signal
            signal.setitimer(signal.ITIMER_REAL, 0)

    def __exit__(self, *exc):
        if self.enabled:
            import signal
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


def _address_space():
    """Bytes of address space this process uses now (Linux), or None."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _limit_resources(time_limit, memory_limit):
    """In a worker: cap its address space and CPU time, and write no core file."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return

    def lower(which, soft):
        old_soft, old_hard = resource.getrlimit(which)
        hard = old_hard if old_hard == resource.RLIM_INFINITY or old_hard >= soft else soft
        if old_hard != resource.RLIM_INFINITY:
            soft = min(soft, old_hard)
        resource.setrlimit(which, (soft, hard))

    for which, soft in ((getattr(resource, "RLIMIT_CORE", None), 0),
                        (getattr(resource, "RLIMIT_CPU", None), math.ceil(time_limit) + 1)):
        if which is not None:
            try:
                lower(which, soft)
            except (ValueError, OSError):  # pragma: no cover
                pass
    in_use = _address_space()
    if in_use is not None and hasattr(resource, "RLIMIT_AS"):
        try:
            lower(resource.RLIMIT_AS, in_use + memory_limit)
        except (ValueError, OSError):  # pragma: no cover
            pass


def _worker_main(decide, item, time_limit, memory_limit, write_fd, start):
    """Body of a forked worker: run ``decide(item, start)``, send the pickled outcome,
    never return."""
    import pickle
    import signal
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller stops us on Ctrl-C
        _limit_resources(time_limit, memory_limit)
        try:
            outcome = ("result", decide(item, start))
        except MemoryError:
            outcome = ("memory", "")
        except OutOfTime:
            outcome = ("time", "")
        except BaseException as exc:  # noqa: BLE001 - reported as "could not decide"
            outcome = ("error", _message(exc))
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001
            data = pickle.dumps(("error", f"the verdict could not be sent ({_message(exc)})"))
        view = memoryview(data)
        while view:
            view = view[os.write(write_fd, view):]
    except BaseException:  # noqa: BLE001
        status = 1
    finally:
        os._exit(status)


def _message(exc):
    text = printable(exc, 200)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _Running:
    def __init__(self, index, item, pid, fd, start, time_limit):
        self.index, self.item, self.pid, self.fd = index, item, pid, fd
        self.start, self.deadline = start, start + time_limit
        self.chunks = []


def _fork(decide, index, item, time_limit, memory_limit):
    read_fd, write_fd = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the worker, which never returns
        os.close(read_fd)
        _worker_main(decide, item, time_limit, memory_limit, write_fd, start)
    os.close(write_fd)
    return _Running(index, item, pid, read_fd, start, time_limit)


def _reap(pid):
    """Wait for a worker to end; its status (0 if it was reaped elsewhere)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:  # pragma: no cover - SIGCHLD ignored: reaped by the system
        return 0


def _stop(run):
    import signal
    try:
        os.kill(run.pid, signal.SIGKILL)
    except ProcessLookupError:  # pragma: no cover - it has just exited
        pass
    _reap(run.pid)
    os.close(run.fd)


def _collect(run, status, time_limit, memory_limit):
    """("result", value) from a finished worker, or ("failed", why) when it sent none."""
    import pickle
    import signal
    outcome = None
    if run.chunks:
        try:
            outcome = pickle.loads(b"".join(run.chunks))
        except Exception:  # noqa: BLE001 - a truncated message from a killed worker
            outcome = None
    if outcome is not None and outcome[0] == "result":
        return outcome
    mb = memory_limit / 2**20
    if outcome is not None:
        kind, text = outcome
        why = {"memory": f"it ran out of its memory budget ({mb:g} MB)",
               "time": f"it ran out of time ({time_limit:g} s)",
               "error": f"the computation failed ({text})"}[kind]
    elif os.WIFSIGNALED(status) and os.WTERMSIG(status) == getattr(signal, "SIGXCPU", None):
        why = f"it used up its CPU time ({math.ceil(time_limit) + 1} s)"
    elif os.WIFSIGNALED(status):
        why = f"the worker was stopped by signal {os.WTERMSIG(status)} (memory budget {mb:g} MB)"
    else:
        why = "the worker ended without a verdict"
    return "failed", why


def run_in_workers(items, decide, time_limit, memory_limit, jobs):
    """Run ``decide(item, start)`` for each item, each in its own forked worker.

    Parameters
    ----------
    items : list of (index, item)
        What to decide; ``index`` keys the result.
    decide : callable
        ``decide(item, start) -> value``, run in the worker (``start`` is the
        ``time.monotonic()`` of its fork); the value must pickle.
    time_limit : float
        Seconds after its fork at which a worker is killed.
    memory_limit : int
        Bytes of address space a worker may add to what the caller uses.
    jobs : int
        Workers running at the same time.

    Returns
    -------
    dict
        ``{index: (kind, value, seconds)}``: ``("result", what decide returned,
        seconds)``, or ``("failed", why, seconds)`` when the worker gave no
        result (``why`` completes "Could not decide: ..."; ``"time"`` when it
        was killed at the time limit).

    Examples
    --------
    >>> out = run_in_workers([(0, 6), (1, 7)], lambda item, start: item * 7, 5.0, 2**26, 2)
    >>> out[0][:2], out[1][:2]
    (('result', 42), ('result', 49))
    >>> out = run_in_workers([(0, 0)], lambda item, start: time.sleep(60), 0.2, 2**26, 1)
    >>> out[0][:2]
    ('failed', 'time')
    """
    import selectors
    results, queue, running = {}, list(items), {}
    selector = selectors.DefaultSelector()
    try:
        while queue or running:
            while queue and len(running) < jobs:
                index, item = queue.pop(0)
                run = _fork(decide, index, item, time_limit, memory_limit)
                running[run.fd] = run
                selector.register(run.fd, selectors.EVENT_READ)
            timeout = max(0.0, min(r.deadline for r in running.values()) - time.monotonic())
            for key, _ in selector.select(timeout):
                run = running[key.fd]
                chunk = os.read(key.fd, 1 << 16)
                if chunk:
                    run.chunks.append(chunk)
                    continue
                del running[key.fd]
                selector.unregister(key.fd)
                os.close(key.fd)
                status = _reap(run.pid)
                kind, value = _collect(run, status, time_limit, memory_limit)
                results[run.index] = (kind, value, time.monotonic() - run.start)
            now = time.monotonic()
            for fd, run in list(running.items()):
                if now >= run.deadline:
                    del running[fd]
                    selector.unregister(fd)
                    _stop(run)
                    results[run.index] = ("failed", "time", time.monotonic() - run.start)
    finally:
        for run in running.values():  # only on an exception, e.g. KeyboardInterrupt
            _stop(run)
        selector.close()
    return results
