"""Write the gallery figures: the grid of every activation, and one PNG per activation.

Usage::

    .venv/bin/python notebooks/scripts/make_gallery_grid.py [OUTDIR] [--dpi N] [--ncols N]
        [--grid-only | --each-only]

Writes into OUTDIR (created if needed; by default a new temporary directory):

- ``activation_grid.png``: :func:`actlib.plotting.grid_figure`, every registry activation;
- ``<name>.png`` for every registry activation: :func:`actlib.plotting.activation_figure`;
- ``alt.json``: ``{file name: alt text}`` for every PNG written (for ``<img alt=...>``).

Each panel is the function (solid, top axes) over its derivative (dashed, bottom axes), with tick
values, axis labels, a legend above the axes and the kinks marked; vector activations (softmax,
...) are drawn as the 1-D slices of :func:`actlib.properties.scalar_view`. The directory path is
printed. The docs build calls this script; the PNGs are not committed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import actlib
from actlib.plotting import activation_figure, figure_alt, grid_figure


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", help="output directory (default: a temp dir)")
    parser.add_argument("--dpi", type=int, default=100, help="resolution of the PNGs")
    parser.add_argument("--ncols", type=int, default=4, help="panels per row of the grid")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--grid-only", action="store_true", help="write only the grid")
    which.add_argument("--each-only", action="store_true", help="write only the per-function PNGs")
    args = parser.parse_args(argv)

    out = Path(args.outdir) if args.outdir else Path(tempfile.mkdtemp(prefix="actlib-gallery-"))
    if out.suffix.lower() in {".png", ".svg", ".pdf"}:
        parser.error(f"{out} looks like a file: give a directory")
    out.mkdir(parents=True, exist_ok=True)
    alt = {}
    if not args.each_only:
        fig = grid_figure(ncols=args.ncols)
        fig.savefig(out / "activation_grid.png", dpi=args.dpi)
        alt["activation_grid.png"] = figure_alt(fig)
    if not args.grid_only:
        for name in actlib.ACTIVATIONS:
            fig = activation_figure(name)
            fig.savefig(out / f"{name}.png", dpi=args.dpi)
            alt[f"{name}.png"] = figure_alt(fig)
    (out / "alt.json").write_text(json.dumps(alt, indent=1, ensure_ascii=False) + "\n")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
