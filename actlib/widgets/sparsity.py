"""Sparsity: how many ReLU units fire, per layer, against note 004's ``2^-N`` claim."""

from __future__ import annotations

import numpy as np

from actlib import networks

from .base import Explorer, checkbox, dropdown, legend, make_slider, new_canvas

__all__ = ["SparsityExplorer"]


class SparsityExplorer(Explorer):
    """Fraction of active ReLU units per layer in random networks, vs note 004's ``2^-N``.

    ``bias`` is a constant added to every pre-activation; with batch norm on it is the shift
    ``beta`` after normalising, i.e. a threshold in standard deviations (``beta = -1.75``
    leaves about 4 % of a Gaussian above zero). The axes span the whole depth slider.

    Attributes
    ----------
    fractions : ndarray
        Active fraction (``z > 0``) per layer.
    path_fraction : ndarray
        Fraction of input-to-layer-N paths whose units are all active (mean over rows).
    """

    def __init__(
        self,
        init="he",
        bias=0.0,
        batchnorm=False,
        depth=10,
        *,
        max_depth=20,
        n_samples=500,
        n_units=100,
        seed=0,
    ):
        self.n_samples, self.n_units, self.seed = n_samples, n_units, seed
        self.floor = 1e-6
        fig, canvas = new_canvas((6.6, 3.4))
        ax = fig.add_subplot()
        self.axes = (ax,)
        band = ax.axhspan(0.01, 0.04, color="#D55E00", alpha=0.2, label="brain: 1-4 % active")
        (active,) = ax.plot([], [], "o-", color="#0072B2", ms=4, label="active units per layer")
        (claim,) = ax.plot([], [], "k--", label="note 004: 2^-N")
        (paths,) = ax.plot([], [], "s:", color="#E69F00", ms=3, label="active paths 1..N")
        ax.set_yscale("log")
        ax.set(xlabel="layer N", ylabel="fraction active")
        ax.set(xlim=(0.5, max_depth + 0.5), ylim=(min(1e-3, 0.3 * 0.5**max_depth), 1.5))
        ax.grid(True, which="both", alpha=0.25)
        legend(ax, [active, claim, paths, band], loc="lower left", fontsize=9.0)
        self.fractions = np.array([])
        self.path_fraction = np.array([])
        sliders = {
            "init": dropdown(networks.INITS, init, "weights"),
            "bias": make_slider("bias", bias, -3.0, 1.0, 0.05, description="bias (beta with BN)"),
            "batchnorm": checkbox(batchnorm, "batch norm before relu"),
            "depth": make_slider(
                "depth", depth, 1, max_depth, 1, description="layers", integer=True
            ),
        }
        super().__init__(
            title="How many ReLU units fire? (note 004's 2^-N claim)",
            figure=fig,
            canvas=canvas,
            sliders=sliders,
            update=self._draw,
            lines={"active": active, "claim": claim, "paths": paths},
            dynamic=[active, claim, paths],
            alt=self._alt_text,
        )

    def measure(self, init, bias, batchnorm, depth):
        """Active fraction per layer and active-path fraction (arrays of length ``depth``)."""
        out = networks.random_forward(
            "relu",
            networks.INITS[init],
            n_samples=self.n_samples,
            n_units=self.n_units,
            n_layers=depth,
            bias=(not batchnorm) and bias != 0.0,
            bias_init=0.0 if batchnorm else bias,
            batchnorm=batchnorm,
            bn_beta=bias if batchnorm else 0.0,
            seed=self.seed,
        )
        per_row = np.array([(z > 0).mean(axis=1) for z in out.pre_activations])  # (layer, row)
        return per_row.mean(axis=1), np.cumprod(per_row, axis=0).mean(axis=1)

    def _draw(self, init, bias, batchnorm, depth):
        self.fractions, self.path_fraction = self.measure(init, bias, batchnorm, depth)
        n = np.arange(1, depth + 1)
        self.lines["active"].set_data(n, np.maximum(self.fractions, self.floor))
        self.lines["claim"].set_data(n, 0.5**n)
        self.lines["paths"].set_data(n, np.maximum(self.path_fraction, self.floor))
        f = self.fractions
        what = f"batch norm, beta = {bias:g}" if batchnorm else f"bias = {bias:g}"
        return "\n".join(
            [
                f"relu, weights {init}, {what}, {depth} layers",
                "active fraction per layer: " + " ".join(f"{v:.2f}" for v in f),
                f"note 004 claim at layer {depth}: 2^-{depth} = {0.5**depth:.2g}",
                f"measured at layer {depth}: {f[-1]:.3f}",
                f"paths active through all {depth} layers: {self.path_fraction[-1]:.2g}",
            ]
        )

    def _alt_text(self, _ex=None):
        v = self.values()
        return (
            f"Log scale: the fraction of active ReLU units in each of {v['depth']} layers "
            f"({v['init']} init, "
            + ("batch norm, beta" if v["batchnorm"] else "bias")
            + f" {v['bias']:g}), about {self.fractions[-1]:.2f} at layer {v['depth']}, against "
            f"note 004's 2^-N ({0.5 ** v['depth']:.2g}) and the fraction of fully active paths "
            f"({self.path_fraction[-1]:.2g}); a band marks the brain's 1-4 %."
        )
