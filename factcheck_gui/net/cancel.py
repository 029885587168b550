"""A cancel flag that one thread sets and a running fetch checks."""

from __future__ import annotations

import threading

from factcheck_gui.net.errors import CancelledFetch

__all__ = ["CancelToken"]


class CancelToken:
    """Thread-safe "please stop" flag for one fetch (or several).

    The GUI thread calls :meth:`cancel`; the worker's fetch checks :attr:`cancelled`
    before each request, every 50 ms while it waits for the server's answer, between
    chunks of the body (a chunk arrives at least every read timeout) and every 50 ms while
    the document is read, and raises :class:`~factcheck_gui.net.errors.CancelledFetch`.
    """

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask every fetch using this token to stop. Safe to call from any thread, twice."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._event.is_set()

    def raise_if_cancelled(self, url: str = "") -> None:
        """Raise :class:`CancelledFetch` if :meth:`cancel` was called."""
        if self._event.is_set():
            raise CancelledFetch(url=url)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until cancelled or *timeout* seconds passed; True if cancelled."""
        return self._event.wait(timeout)
