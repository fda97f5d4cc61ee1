"""Put MathJax 3 and the ipywidgets embedder into the site, so pages work with no network.

Sphinx and MyST-NB load MathJax and ``@jupyter-widgets/html-manager`` (with require.js) from CDNs;
offline, a reader sees raw TeX and empty widget areas.  This script fetches the three npm
packages as tarballs from the npm registry (``npm pack``: no dependencies are installed),
checks each against the integrity hash pinned in ``tools/vendor_js.lock.json``, and copies the
files the pages load into ``.vendor/site/vendor/`` (and the widget icon fonts, which the bundle
loads relative to the page, into ``.vendor/site/book/``).  ``_config.yml`` lists ``.vendor/site`` in ``html_extra_path`` (so the
files land in the site's root, outside ``_static``) and points ``mathjax_path`` and
``nb_ipywidgets_js`` at them.

Run by ``make book`` and ``make test`` (through the Makefile's vendor stamp); needs ``npm``.
"""

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / ".vendor" / "site" / "vendor"

# name@version → [(path in the package, destination under vendor/), ...]; the registry's
# integrity hash of each tarball is pinned in tools/vendor_js.lock.json.
PACKAGES = {
    "mathjax@3.2.2": [
        ("es5/tex-mml-chtml.js", "mathjax/tex-mml-chtml.js"),
        ("es5/input/", "mathjax/input/"),
        ("es5/output/", "mathjax/output/"),
        ("es5/ui/", "mathjax/ui/"),
        ("es5/a11y/", "mathjax/a11y/"),
    ],
    "@jupyter-widgets/html-manager@1.0.6": [
        ("dist/embed-amd.js", "widgets/embed-amd.js"),
        # The bundle fetches its icon fonts relative to the page; every widget is on a page in book/.
        # (its two style sheets use two different relative paths).
        *((f"dist/*.{ext}", f"../book/@jupyter-widgets/{folder}")
          for ext in ("woff2", "woff", "ttf", "eot", "svg")
          for folder in ("", "html-manager/dist/")),
    ],
    "requirejs@2.3.7": [("require.js", "widgets/require.js")],
}
PINS = ROOT / "tools" / "vendor_js.lock.json"


def npm_pack(spec, into):
    """Download ``spec``'s tarball with ``npm pack``; return (path, integrity)."""
    if shutil.which("npm") is None:
        sys.exit("vendor_js: npm is needed to fetch MathJax and the widget embedder "
                 "(Debian: apt-get install npm)")
    out = subprocess.run(["npm", "pack", spec, "--json", "--pack-destination", str(into)],
                         check=True, capture_output=True, text=True, cwd=into).stdout
    info = json.loads(out)[0]
    return into / info["filename"], info["integrity"]


def extract(tarball, wanted, site):
    """Copy the members matching ``wanted`` (files, folders ending in /, or dist/*.ext)."""
    with tarfile.open(tarball) as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        for source, destination in wanted:
            source = "package/" + source
            if source.endswith("/"):
                chosen = [m for m in members if m.name.startswith(source)
                          and "/sre/" not in m.name]
                targets = [site / destination / m.name[len(source):] for m in chosen]
            elif "*" in source:
                folder, suffix = source.split("*")
                chosen = [m for m in members if m.name.startswith(folder)
                          and m.name.endswith(suffix) and "/" not in m.name[len(folder):]]
                targets = [site / destination / Path(m.name).name for m in chosen]
            else:
                chosen = [m for m in members if m.name == source]
                targets = [site / destination]
            if not chosen:
                sys.exit(f"vendor_js: {source} is not in {tarball.name}")
            for member, target in zip(chosen, targets):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())


def main():
    pins = json.loads(PINS.read_text())
    if SITE.parent.exists():
        shutil.rmtree(SITE.parent)
    with tempfile.TemporaryDirectory() as tmp:
        for spec, wanted in PACKAGES.items():
            tarball, integrity = npm_pack(spec, Path(tmp))
            if pins.get(spec) != integrity:
                sys.exit(f"vendor_js: {spec} has integrity {integrity}, but "
                         f"{PINS.name} pins {pins.get(spec)}")
            extract(tarball, wanted, SITE)
    size = sum(f.stat().st_size for f in SITE.parent.rglob("*") if f.is_file())
    print(f"vendor_js: {len(PACKAGES)} packages into {SITE.parent.relative_to(ROOT)} "
          f"({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
