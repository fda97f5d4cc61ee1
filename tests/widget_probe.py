"""Move every slider of every chapter to both ends, in the kernel nbval has just run it in.

nbval runs each notebook once with the sliders at their initial values; a reader in JupyterLab
will drag them to the ends of their ranges. After nbval's last cell of a chapter, one more test
item (``sliders at both ends``) sends :data:`PROBE` to the same kernel: for every
``ipywidgets.interactive`` the chapter created it sets all controls to their largest values and
calls the redraw function, then all to their smallest. ``interactive`` itself swallows
exceptions into its output area, so the function is called directly and any error fails the
item. Every ``rbmlib.lab.TrainingLab`` (the live training lab) gets the same treatment: all its
controls at one end, then ``reset(); tick(); tick()``. A chapter passes if it has at least one of
either. Running in nbval's kernel means the chapter is executed once for both checks, under
nbval's seed (``make test`` sets ``BOOK_SEED``); ``tests/conftest.py`` adds the items.
"""

import json
import re

import pytest

PROBE = '''
import gc as _gc, json as _json
import ipywidgets as _w
import matplotlib.pyplot as _plt
import numpy as _np
from rbmlib.lab import TrainingLab as _TrainingLab


def _ends(control):
    """The smallest and largest values a control offers."""
    if isinstance(control, _w.FloatLogSlider):
        return control.base ** control.min, control.base ** control.max
    if hasattr(control, "min") and hasattr(control, "max"):
        return control.min, control.max
    if hasattr(control, "_options_values"):
        return control._options_values[0], control._options_values[-1]
    if isinstance(control, (_w.Checkbox, _w.ToggleButton)):
        return False, True
    return control.value, control.value


_report = []
for _widget in [o for o in _gc.get_objects() if isinstance(o, _w.interactive)]:
    _controls = _widget.kwargs_widgets
    for _control in _controls:
        _control.unobserve(_widget.update, names="value")
    for _end in (1, 0):
        for _control in _controls:
            _control.value = _ends(_control)[_end]
        _kwargs = {c._kwarg: c.get_interact_value() for c in _controls}
        _widget.f(**_kwargs)  # an exception here fails the cell, and the test
        _plt.close("all")
        _report.append({k: repr(v) for k, v in _kwargs.items()})
for _lab in [o for o in _gc.get_objects() if isinstance(o, _TrainingLab)]:
    for _end in (1, 0):
        for _control in _lab.controls:
            _control.value = _ends(_control)[_end]
        _lab.reset()
        _lab.tick()
        _lab.tick()  # an exception here fails the cell, and the test
        # Three records, or a divergence the lab reports in its status line (not an error).
        assert len(_lab.history.epoch) == 3 or "diverged" in _lab.status.value, _lab.status.value
        assert _np.all(_np.isfinite(_lab.history.train_log_likelihood)), _lab.status.value
        _report.append({"lab": type(_lab).__name__,
                        **{c.description: repr(c.value) for c in _lab.controls}})
print(_json.dumps(_report))
'''
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class SliderProbe(pytest.Item):
    """The last item of a chapter under nbval: PROBE in the chapter's kernel."""

    def runtest(self):
        kernel = self.parent.kernel
        if kernel is None or not kernel.is_alive():
            raise RuntimeError(f"{self.parent.name}: the chapter's kernel is not running")
        msg_id = kernel.execute_cell_input(PROBE, allow_stdin=False)
        kernel.await_reply(msg_id, timeout=self.config.option.nbval_cell_timeout)
        printed, error = [], None
        while True:
            msg = kernel.get_message("iopub", timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content["execution_state"] == "idle":
                break
            if kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                error = content
        if error is not None:
            trace = _ANSI.sub("", "\n".join(error["traceback"][-6:]))
            raise AssertionError(f"{self.parent.name}: moving the sliders raised "
                                 f"{error['ename']}: {error['evalue']}\n{trace}")
        lines = "".join(printed).strip().splitlines()
        assert lines, f"{self.parent.name}: the slider probe printed no report"
        calls = json.loads(lines[-1])
        assert calls, f"{self.parent.name}: no ipywidgets.interactive and no TrainingLab to move"

    def reportinfo(self):
        return self.path, None, f"{self.parent.name}::{self.name}"


def add_probes(items):
    """Insert a SliderProbe after the last nbval cell of every chapter, in place."""
    try:
        from nbval.plugin import IPyNbFile
    except ImportError:  # nbval absent: nothing to add
        return
    last = {}
    for index, item in enumerate(items):
        if isinstance(item.parent, IPyNbFile):
            last[item.parent] = index
    for notebook, index in sorted(last.items(), key=lambda pair: -pair[1]):
        items.insert(index + 1, SliderProbe.from_parent(notebook, name="sliders at both ends"))
