"""Sphinx extension: stop nbclient echoing Output-widget state back to the kernel during the build.

When a cell displays an ``ipywidgets.interactive``, its first figure is captured into an Output
widget.  nbclient emulates the front end: it records the captured outputs into the widget's
saved state (which is what a static page can show) and also sends them back to the kernel as a
``comm_msg`` on the shell channel, from the task that reads IOPub, while another task is waiting
on that same channel for the cell's ``execute_reply``.  With a figure of a few tens of kB the
reply is then sometimes missed and the cell waits for the whole execution timeout before going
on (reproduced: a 64 kB figure stalled 1 to 2 of 20 cells for exactly the timeout; with the echo
removed, 0 of 80).  The kernel never reads that echo back in this book, so dropping it changes
nothing but the stall.  ``tests/test_widgets.py`` applies the same patch to its own client.
"""

import nbclient.output_widget


def _no_echo(self):
    """Keep the captured outputs in the saved widget state; do not send them to the kernel."""


def patch():
    nbclient.output_widget.OutputWidget.sync_state = _no_echo


def setup(app):
    patch()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
