"""``bytescope unpack`` on real packed applications, checked against the target interpreters.

Samples come from ``tools/build_packed_samples.py``: the committed slim ones
(``tests/fixtures/packed``: their PYZ, scripts and modules byte for byte as
PyInstaller / cx_Freeze / zipapp wrote them) run by default; the full build
matrix (``~/.cache/bytescope/packers/samples``, real executables, onefile
and onedir) runs under the slow mark.  For each sample:

* every entry of the archive's own TOC -- listed by a script that runs under
  the *target* interpreter and reads the PYZ TOC with that interpreter's own
  ``marshal`` -- comes out under its path;
* every pyc starts with the target's magic and loads with the target's
  ``marshal``;
* the extracted application runs again under the target interpreter with
  the extracted modules first on its path and prints what the original
  printed.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from interpreters import find

import bytescope
from bytescope.packed import crypto

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures", "packed")
CACHE = os.path.expanduser(os.environ.get("BYTESCOPE_PACKERS", "~/.cache/bytescope/packers"))
BUILT = os.path.join(CACHE, "samples")
ENTRY = {"pyinstaller": "app.pyc", "cx_freeze": "__main__app.pyc", "zipapp": "__main__.pyc"}
HEADER = {"2.7": 8, "3.6": 12}

# Runs under the target interpreter (2.7-compatible): the PYZ TOC read with its own
# marshal, then every extracted pyc checked against its own magic and marshal.
ORACLE = r"""
import json, marshal, os, struct, sys
exe, out, hdr = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    from importlib.util import MAGIC_NUMBER as MAGIC
except ImportError:
    import imp
    MAGIC = imp.get_magic()
names = []
if exe:
    d = open(exe, 'rb').read()
    i = d.rfind(b'MEI\x0c\x0b\x0a\x0b\x0e')
    plen, toff, tlen = struct.unpack('!III', d[i + 8:i + 20])
    start = i + 88 - plen
    p = start + toff
    while p < start + toff + tlen:
        elen, off, clen, ulen, flag, code = struct.unpack('!IIIIBc', d[p:p + 18])
        nm = d[p + 18:p + elen].split(b'\0')[0].decode('utf-8')
        if code == b'z':
            z = d[start + off:start + off + clen]
            toc = marshal.loads(z[struct.unpack('!i', z[8:12])[0]:])
            for n, info in (toc.items() if isinstance(toc, dict) else toc):
                names.append([n if isinstance(n, str) else n.decode('utf-8'), int(info[0])])
        elif code in (b's', b'm', b'M'):
            names.append([nm, code.decode('ascii')])
        p += elen
bad = []
count = 0
for root, dirs, files in os.walk(out):
    for f in files:
        if f.endswith('.pyc'):
            count += 1
            data = open(os.path.join(root, f), 'rb').read()
            if data[:4] != MAGIC:
                bad.append([f, 'magic'])
                continue
            try:
                marshal.loads(data[hdr:])
            except Exception as exc:
                bad.append([f, repr(exc)])
print(json.dumps({'names': names, 'pycs': count, 'bad': bad}))
"""

RUN_AGAIN = r"""
import sys
out, entry = sys.argv[1], sys.argv[2]
sys.path.insert(0, out)
sys.argv = ['app']
import runpy
runpy.run_path(entry, run_name='__main__')
"""


def _samples(root: str) -> list[str]:
    if not os.path.isdir(root):
        return []
    return sorted(os.path.join(root, n) for n in os.listdir(root)
                  if os.path.isfile(os.path.join(root, n, "sample.json")))


def _expected_path(name: str, code: object) -> str:
    if code in ("s",):
        return name + ".pyc"
    if code == "M" or code == 1:
        return name.replace(".", "/") + "/__init__.pyc"
    if code == 3:
        return name.replace(".", "/") + "/"
    if code == 2:
        return name
    return name.replace(".", "/") + ".pyc"


def check_sample(sample: str, out: str) -> None:
    """Unpack ``sample`` into ``out`` and check it against its target interpreter."""
    with open(os.path.join(sample, "sample.json")) as fh:
        info = json.load(fh)
    python = find(info["python"])
    if python is None:
        pytest.skip(f"Python {info['python']} not installed: cannot check {info['name']}")
    if info.get("encrypted") and crypto.backend_name() is None:
        pytest.skip("no AES library installed (pip install 'bytescope[aes]')")
    target = os.path.join(sample, info["target"])
    manifest = bytescope.unpack(target, out)
    assert manifest.ok, [(e.name, e.error) for e in manifest.lost]
    assert manifest.python == info["python"]
    written = {e.written for e in manifest.entries if e.written}
    if info["packer"] == "pyinstaller":
        assert manifest.packer == "PyInstaller"
        major = info["packer_version"].split(".")[0]
        assert manifest.packer_version and major in manifest.packer_version, \
            (manifest.packer_version, manifest.details.get("structure"))
        if info.get("encrypted"):
            assert manifest.details.get("encryption"), manifest.details
            assert any(e.encrypted for e in manifest.entries)
    elif info["packer"] == "cx_freeze":
        assert manifest.packer == "cx_Freeze"
    else:
        assert manifest.format == "zipapp"
    hdr = HEADER.get(info["python"], 16)
    exe = target if info["packer"] == "pyinstaller" else ""
    proc = subprocess.run([python, "-c", ORACLE, exe, out, str(hdr)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    oracle = json.loads(proc.stdout)
    assert oracle["bad"] == []
    assert oracle["pycs"] >= sum(1 for e in manifest.entries
                                 if e.written and e.written.endswith(".pyc"))
    by_name = {(e.container, e.name): e for e in manifest.entries}
    for name, code in oracle["names"]:
        if isinstance(code, str):  # a CArchive script or module: renames are allowed
            entry = by_name[("CArchive", name)]
            assert entry.written, (name, entry.error)
        else:
            path = _expected_path(name, code)
            assert path in written or os.path.isdir(os.path.join(out, path)), (name, code)
    entry = os.path.join(out, ENTRY[info["packer"]])
    if not os.path.exists(entry):  # PyInstaller 2.x stored the script as source text
        entry = entry[:-1]
    run = subprocess.run([python, "-E", "-s", "-c", RUN_AGAIN, out, entry], capture_output=True,
                         text=True, timeout=300, cwd=out)
    assert run.returncode == 0, run.stderr[-3000:]
    with open(os.path.join(sample, "expected.txt")) as fh:
        assert run.stdout == fh.read()


@pytest.mark.parametrize("sample", _samples(FIXTURES), ids=os.path.basename)
def test_committed_sample(sample: str, tmp_path: object) -> None:
    check_sample(sample, os.path.join(str(tmp_path), "out"))


@pytest.mark.slow
@pytest.mark.parametrize("sample", _samples(BUILT) or ["<none>"], ids=os.path.basename)
def test_built_sample(sample: str, tmp_path: object) -> None:
    if sample == "<none>":
        pytest.skip(f"no built samples in {BUILT}: run tools/build_packed_samples.py "
                    "(needs PyInstaller and cx_Freeze from PyPI)")
    check_sample(sample, os.path.join(str(tmp_path), "out"))


def test_committed_samples_present() -> None:
    """The default run must have real samples: the fixtures are part of the repository."""
    names = {os.path.basename(s) for s in _samples(FIXTURES)}
    assert {"py27-pyi2.1-onefile", "py27-pyi3.6-onefile", "py310-pyi5.13.2-onefile-key",
            "py313-pyi6-onefile", "cxfreeze-py312", "zipapp-py312"} <= names


SAME_HOSTS = ("3.9", "3.11", "3.13")
#: pycryptodome installed with ``pip install --target`` (abi3 wheels: one copy serves every
#: host), so that each host decrypts with the same library (see .ci/run).
AES_PATH = os.environ.get("BYTESCOPE_AES_PATH", os.path.join(CACHE, "aes-abi3"))
LIST_SCRIPT = r"""
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import bytescope
docs = []
for path in sys.argv[4:]:
    m = bytescope.unpack(path, sys.argv[3] + '/' + str(len(docs)))
    d = m.to_dict()
    d.pop('output'); d.pop('path')
    docs.append(d)
print(json.dumps(docs, sort_keys=True))
"""


def _compare_hosts(samples: list[str], out_root: str) -> None:
    src = os.path.join(os.path.dirname(HERE), "src")
    results = {}
    for host in SAME_HOSTS:
        python = find(host)
        if python is None:
            pytest.skip(f"host Python {host} not installed")
        out = os.path.join(out_root, host)
        proc = subprocess.run([python, "-c", LIST_SCRIPT, src, AES_PATH, out, *samples],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]
        files = {}
        for root, _, names in os.walk(out):
            for n in names:
                full = os.path.join(root, n)
                with open(full, "rb") as fh:
                    files[os.path.relpath(full, out)] = fh.read()
        assert all(d["ok"] for d in json.loads(proc.stdout)), f"{host} lost entries"
        results[host] = (proc.stdout, files)
    first = results[SAME_HOSTS[0]]
    for host in SAME_HOSTS[1:]:
        assert results[host][0] == first[0], f"manifests differ between {SAME_HOSTS[0]} and {host}"
        assert results[host][1] == first[1], f"written files differ: {SAME_HOSTS[0]}, {host}"


def _targets(encrypted: bool) -> list[str]:
    out = []
    for s in _samples(FIXTURES):
        with open(os.path.join(s, "sample.json")) as fh:
            info = json.load(fh)
        if bool(info.get("encrypted")) == encrypted:
            out.append(os.path.join(s, info["target"]))
    return out


def test_same_results_on_hosts_39_311_313(tmp_path: object) -> None:
    """Unpack the committed samples under each host: identical manifests and files."""
    _compare_hosts(_targets(encrypted=False), str(tmp_path))


def test_same_results_on_hosts_encrypted(tmp_path: object) -> None:
    """The encrypted sample, each host decrypting with the same AES library."""
    if not os.path.isdir(os.path.join(AES_PATH, "Crypto")):
        pytest.skip(f"no pycryptodome in {AES_PATH} (pip install --target {AES_PATH} "
                    "pycryptodome)")
    _compare_hosts(_targets(encrypted=True), str(tmp_path))


@pytest.mark.slow
def test_same_results_on_hosts_built_samples(tmp_path: object) -> None:
    """The whole built matrix (real executables) under hosts 3.9, 3.11 and 3.13."""
    targets = []
    for s in _samples(BUILT):
        with open(os.path.join(s, "sample.json")) as fh:
            targets.append(os.path.join(s, json.load(fh)["target"]))
    if not targets:
        pytest.skip(f"no built samples in {BUILT}: run tools/build_packed_samples.py")
    if not os.path.isdir(os.path.join(AES_PATH, "Crypto")):
        pytest.skip(f"no pycryptodome in {AES_PATH}")
    _compare_hosts(targets, str(tmp_path))
