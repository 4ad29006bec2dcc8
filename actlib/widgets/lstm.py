"""LSTM gates: sigmoid says how much, tanh says what (note 001)."""

from __future__ import annotations

import numpy as np

import actlib
from actlib import networks

from .base import Explorer, dropdown, legend, legend_update, make_slider, new_canvas
from .curves import nice_limits

__all__ = ["LSTMGateExplorer"]


class LSTMGateExplorer(Explorer):
    """A gate ``sigmoid(z_i)`` times a ``tanh(z_g)`` candidate, and the cell state over time.

    ``gate`` and ``state`` choose the gate and the candidate / output functions (LSTM:
    sigmoid and tanh).

    Left: the gate and candidate curves with markers at the slider values.  Middle: the update
    ``gate(z_i) * tanh(z_g)`` as an image over both pre-activations.  Right: the cell state
    ``c_t = f c_{t-1} + i g`` over ``steps`` steps with the slider values held constant.  Switch
    the gate function to ``tanh``, ``relu`` or ``identity`` to see why LSTMs use sigmoid.

    Attributes
    ----------
    cell : dict
        :func:`actlib.networks.lstm_cell` at the slider values.
    trajectory : ndarray
        The cell state ``c_0 .. c_steps``.
    """

    GATES = ("sigmoid", "hard_sigmoid", "tanh", "relu", "identity")
    STATES = ("tanh", "softsign", "relu", "identity")

    def __init__(
        self,
        z_i=0.0,
        z_g=1.0,
        z_f=2.0,
        z_o=2.0,
        c0=0.5,
        gate="sigmoid",
        state="tanh",
        *,
        steps=30,
    ):
        self.steps = int(steps)
        fig, canvas = new_canvas((11.4, 3.3))
        ax_c, ax_p, ax_t = fig.subplots(1, 3)
        self.axes = (ax_c, ax_p, ax_t)
        x = np.linspace(-6.0, 6.0, 601)
        self._x = x
        (gate_line,) = ax_c.plot(
            x, actlib.sigmoid(x), color="#0072B2", label=actlib.sigmoid.label()
        )
        (cand_line,) = ax_c.plot(
            x, actlib.tanh(x), color="#E69F00", ls="--", label=actlib.tanh.label()
        )
        (gate_pt,) = ax_c.plot([], [], "o", color="#0072B2", ms=7, label="_input gate i")
        (cand_pt,) = ax_c.plot([], [], "s", color="#E69F00", ms=7, label="_candidate g")
        ax_c.axhline(0.0, color="grey", lw=0.8, label="_0")
        ax_c.axhline(1.0, color="grey", lw=0.8, ls=":", label="_1")
        ax_c.set(
            xlabel="pre-activation z", ylabel="gate / candidate", ylim=(-1.6, 1.6), xlim=(-6, 6)
        )
        ax_c.grid(True, alpha=0.35)
        ax_c.set_title("gate and candidate", fontsize="medium")
        legend(ax_c, [gate_line, cand_line], loc="upper left")
        zz = np.linspace(-6.0, 6.0, 121)
        self._zi, self._zg = np.meshgrid(zz, zz)
        image = ax_p.imshow(
            np.zeros_like(self._zi),
            extent=(-6, 6, -6, 6),
            origin="lower",
            cmap="PuOr",
            vmin=-1,
            vmax=1,
            aspect="auto",
            zorder=0.6,  # above the axis (no grid here, ticks outside): a frame redraws no ticks
        )
        ax_p.set_axisbelow(True)
        (now,) = ax_p.plot([], [], "k+", ms=12, mew=2, label="_sliders")
        ax_p.set(xlabel="z input gate", ylabel="z candidate")
        ax_p.set_title("update i * g (clipped to [-1, 1])", fontsize="medium")
        fig.colorbar(image, ax=ax_p, shrink=0.8).set_label("update i * g")
        (state_line,) = ax_t.plot([], [], "o-", ms=3, color="#009E73", label="cell state c_t")
        (fixed,) = ax_t.plot([], [], "k:", label="fixed point i g / (1 - f)")
        (out_line,) = ax_t.plot([], [], "--", color="#CC79A7", label="output h_t = o * s(c_t)")
        ax_t.set(xlabel="time step t", ylabel="c_t, h_t", xlim=(0, self.steps))
        ax_t.grid(True, alpha=0.35)
        ax_t.set_title("memory with constant inputs", fontsize="medium")
        legend(ax_t, [state_line, fixed, out_line], loc="best", fontsize=9.0)  # >= 9 pt
        self.cell, self.trajectory = None, None
        slider = dict(low=-6.0, high=6.0, step=0.1)
        sliders = {
            "z_i": make_slider("z_i", z_i, description="z input gate", **slider),
            "z_g": make_slider("z_g", z_g, description="z candidate", **slider),
            "z_f": make_slider("z_f", z_f, description="z forget gate", **slider),
            "z_o": make_slider("z_o", z_o, description="z output gate", **slider),
            "c0": make_slider("c0", c0, -2.0, 2.0, 0.1, description="c_0"),
            "gate": dropdown(self.GATES, gate, "gate function"),
            "state": dropdown(self.STATES, state, "state function"),
        }
        lines = {
            "gate": gate_line,
            "candidate": cand_line,
            "gate_point": gate_pt,
            "candidate_point": cand_pt,
            "update_image": image,
            "now": now,
            "state": state_line,
            "fixed_point": fixed,
            "output": out_line,
        }
        super().__init__(
            title="LSTM gates: sigmoid says how much, tanh says what (note 001)",
            figure=fig,
            canvas=canvas,
            sliders=sliders,
            update=self._draw,
            lines=lines,
            dynamic=[*lines.values(), ax_c.get_legend(), ax_t.get_legend()],
            alt=self._alt_text,
        )

    def _draw(self, z_i, z_g, z_f, z_o, c0, gate, state):
        gate_fn = actlib.get(gate)
        state_fn = actlib.get(state)
        ln = self.lines
        ln["gate"].set_ydata(gate_fn(self._x))
        ln["gate"].set_label(gate_fn.label())
        ln["candidate"].set_ydata(state_fn(self._x))
        ln["candidate"].set_label(state_fn.label())
        legend_update(self.axes[0])
        cell = networks.lstm_cell(z_f, z_i, z_g, z_o, c_prev=c0, gate=gate, state=state)
        self.cell = cell
        i, g, f, o = (float(cell[k]) for k in ("i", "g", "f", "o"))
        ln["gate_point"].set_data([z_i], [i])
        ln["candidate_point"].set_data([z_g], [g])
        ln["update_image"].set_data(np.clip(gate_fn(self._zi) * state_fn(self._zg), -1, 1))
        ln["now"].set_data([z_i], [z_g])
        c = float(c0)
        traj = [c]
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(self.steps):
                c = f * c + i * g
                traj.append(c)
        self.trajectory = np.array(traj)
        t = np.arange(self.steps + 1)
        ln["state"].set_data(t, self.trajectory)
        # What the cell emits: the output gate o scales the squashed state at every step.
        with np.errstate(over="ignore", invalid="ignore"):
            out = o * state_fn(self.trajectory)
        ln["output"].set_data(t, out)
        if 0 <= f < 1:
            fp = i * g / (1 - f)
            ln["fixed_point"].set_data([0, self.steps], [fp, fp])
            fixed_txt = f"{fp:.3f}"
        else:
            ln["fixed_point"].set_data([], [])
            fixed_txt = "none (needs 0 <= f < 1)"
        shown = np.concatenate([self.trajectory, out])
        finite = shown[np.isfinite(shown)]
        lo = min(finite.min(), -1.0) if finite.size else -1.0
        hi = max(finite.max(), 1.0) if finite.size else 1.0
        self.axes[2].set_ylim(*nice_limits(lo, hi, pad=0.08))
        return "\n".join(
            [
                f"gates {gate}:  f = {f:.3f}   i = {i:.3f}   o = {o:.3f}",
                f"candidate g = {state}({z_g:g}) = {g:.3f}   update i*g = {i * g:.3f}",
                f"c_1 = f*c_0 + i*g = {float(cell['c']):.3f}   "
                f"h_1 = o*{state}(c_1) = {float(cell['h']):.3f}",
                f"c_{self.steps} = {self.trajectory[-1]:.4g}   fixed point {fixed_txt}",
            ]
        )

    def _alt_text(self, _ex=None):
        v = self.values()
        i, g, f = (float(self.cell[k]) for k in ("i", "g", "f"))
        return (
            f"Left: the {v['gate']} gate and {v['state']} candidate curves with the slider "
            f"values marked (i = {i:.2f}, g = {g:.2f}); middle: the update i * g over both "
            f"pre-activations; right: the cell state over {self.steps} steps with forget gate "
            f"f = {f:.2f}, ending at {self.trajectory[-1]:.3g}."
        )
