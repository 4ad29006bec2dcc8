"""Draw the static gallery grid: every registry activation with its derivative, one panel each.

Usage::

    .venv/bin/python notebooks/scripts/make_gallery_grid.py [OUTPUT] [--dpi N] [--ncols N] [--ticks]

OUTPUT is a file (``.png``, ``.svg``, ``.pdf``) or a directory (``activation_grid.png`` is
written inside it); by default a new temporary directory is used. The path written is printed.
The figure is :func:`actlib.gallery.grid_figure`: function solid, derivative dashed; vector
activations (softmax, ...) are drawn as the 1-D slices of :func:`actlib.properties.scalar_view`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from actlib.gallery import grid_figure


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", help="file or directory (default: a temp dir)")
    parser.add_argument("--dpi", type=int, default=80, help="resolution of raster output")
    parser.add_argument("--ncols", type=int, default=6, help="panels per row")
    parser.add_argument("--ticks", action="store_true", help="tick labels on every panel")
    args = parser.parse_args(argv)

    if args.output is None:
        out = Path(tempfile.mkdtemp(prefix="actlib-grid-")) / "activation_grid.png"
    else:
        out = Path(args.output)
        if out.is_dir() or not out.suffix:
            out.mkdir(parents=True, exist_ok=True)
            out = out / "activation_grid.png"
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
    fig = grid_figure(ncols=args.ncols, ticks=args.ticks)
    fig.savefig(out, dpi=args.dpi)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
