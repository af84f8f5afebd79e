"""The report's sections built in forked worker processes.

:func:`built_in_workers` is what :func:`momentum_theory.report._built_sections` runs when
:func:`momentum_theory.report._worker_count` allows more than one process: each worker
builds the sections whose indices it is sent, the longest first, and sends each section
(or its error) back; the parent yields them in report order.
"""

from __future__ import annotations

import time

from momentum_theory.report._errors import ReportError

#: The sections' running times relative to each other (seconds on one core, measured), so
#: that the workers start the longest first; a section not listed counts as short.
_EXPECTED_SECONDS = {
    "claims": 4.0, "exercises": 3.7, "methods": 2.7, "chapter-figures": 2.0, "tuning": 1.0,
    "explorer": 0.8, "regimes": 0.7, "whole-spectrum": 0.7, "nesterov": 0.5,
    "stability-region": 0.5, "counterexample": 0.4, "worst-case": 0.2,
    "general-functions": 60.0,
}
#: At most this many worker processes (beyond about four the longest section decides).
_MAX_WORKERS = 4


class _WorkerFailure(Exception):
    """A step failed in a worker process; the message is its traceback there."""


def built_in_workers(steps, ctx, workers):
    """``(name, section, seconds)`` for each of ``steps``, in their order, built by ``workers`` forks.

    A step that fails raises :class:`ReportError` naming it, with the worker's
    traceback as the cause; a worker that dies counts as its step failing. On
    any exit (an error, Ctrl-C, the caller closing the generator) the workers
    still running are terminated and joined.
    """
    import multiprocessing
    import sys
    from multiprocessing.connection import wait

    # What every section needs is imported once, before the workers are forked.
    import matplotlib.pyplot  # noqa: F401
    import scipy.optimize  # noqa: F401
    import sympy  # noqa: F401

    fork = multiprocessing.get_context("fork")
    order = sorted(range(len(steps)), key=lambda i: -_EXPECTED_SECONDS.get(steps[i][0], 0.3))
    for stream in (sys.stdout, sys.stderr):  # else a worker would print the buffer again
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    running = {}  # connection -> (process, index of the step it builds, or None)
    done, following = {}, 0
    try:
        for _ in range(workers):
            here, there = fork.Pipe()
            process = fork.Process(target=_worker, args=(there, steps, ctx), daemon=False,
                                   name="momentum-report-section")
            process.start()
            there.close()
            running[here] = [process, None]
        for conn, entry in running.items():
            if order:
                entry[1] = order.pop(0)
                conn.send(entry[1])
        while following < len(steps):
            while following in done:
                name = steps[following][0]
                status, payload = done.pop(following)
                if status != "ok":
                    kind, message, trace = payload
                    raise ReportError(f"step '{name}' failed: {kind}: {message}") \
                        from _WorkerFailure(trace)
                section, math, seconds = payload
                ctx.math.update(math)
                yield name, section, seconds
                following += 1
            if following == len(steps):
                break
            for conn in wait([c for c, entry in running.items() if entry[1] is not None]):
                process, index = running[conn]
                try:
                    done[index] = conn.recv()
                except (EOFError, OSError):
                    process.join(1)
                    done[index] = ("failed", ("WorkerExited", "the process building it ended "
                                              f"(exit code {process.exitcode})", ""))
                    running[conn][1] = None
                    continue
                running[conn][1] = order.pop(0) if order else None
                if running[conn][1] is not None:
                    conn.send(running[conn][1])
    finally:
        for conn, (process, _) in running.items():
            if process.is_alive():
                process.terminate()
        for conn, (process, _) in running.items():
            process.join()
            conn.close()


def _worker(conn, steps, ctx):
    """Build the steps whose indices arrive on ``conn``; send back each section or its error."""
    import dataclasses
    import signal
    import traceback

    # Ctrl-C reaches the whole process group: the parent handles it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            index = conn.recv()
        except (EOFError, OSError):
            return
        name, step = steps[index]
        # The context of this section alone records its LaTeX; the cache is shared in this
        # worker as in one process.
        here = dataclasses.replace(ctx, math={})
        t0 = time.perf_counter()
        try:
            section = step(here)
            result = ("ok", (section, here.math, time.perf_counter() - t0))
            conn.send(result)
        except Exception as exc:
            result = ("failed", (type(exc).__name__, str(exc), traceback.format_exc()))
            conn.send(result)

