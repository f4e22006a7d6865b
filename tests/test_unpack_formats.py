"""``bytescope unpack`` format by format: sniffing, naming, versions, encryption, the CLI.

Real executables are covered by ``test_unpack_samples``; here each structure
is crafted (``packed_builder``) so that old and rare variants are exercised
too: PyInstaller 2.0's 24-byte cookie and source-text scripts, a 2.x dict
PYZ TOC, a little-endian TOC, a modified cookie magic, 3.x's AES-CFB8 and
2.0's encrypted CArchive entries, py2exe's PYTHONSCRIPT resource, wheels,
eggs, base_library.zip, a standalone PYZ, and the files that are not packed
Python applications at all.
"""

from __future__ import annotations

import io
import json
import marshal
import os
import shutil
import subprocess
import sys
import zipfile
import zlib

import pytest
from packed_builder import (
    HOST_MAGIC,
    CEntry,
    carchive,
    code_bytes,
    pe_with_resource,
    py2exe_script,
    pyz,
)

import bytescope
from bytescope import versions
from bytescope.cli import main
from bytescope.packed import CryptoUnavailable, Manifest, NotPacked, crypto
from bytescope.packed.cookie import python_of_pyvers

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures", "packed")
HOST = versions.host()
HOST_DLL = f"python{sys.version_info[0]}{sys.version_info[1]}.dll".encode()
HOST_PYVERS = sys.version_info[0] * 100 + sys.version_info[1]


def _unpack(tmp_path: object, data: bytes, name: str = "input.bin", **kw: object
            ) -> tuple[Manifest, str]:
    inp = os.path.join(str(tmp_path), name)
    with open(inp, "wb") as fh:
        fh.write(data)
    out = os.path.join(str(tmp_path), "out")
    return bytescope.unpack(inp, out, **kw), out


def _load(out: str, rel: str) -> bytescope.Pyc:
    return bytescope.load(os.path.join(out, rel))


APP = [("app_mod", 0, code_bytes("print('hi')\n")), ("pkg", 1, code_bytes("")),
       ("pkg.sub", 0, code_bytes("y = 2\n"))]


def test_pyinstaller_6_layout(tmp_path: object) -> None:
    data = carchive([
        CEntry("pyimod01_archive", code_bytes(), "m"),
        CEntry("pyiboot01_bootstrap", code_bytes(), "s"),
        CEntry("app", code_bytes("import app_mod\n"), "s", flag=1),
        CEntry("PYZ.pyz", pyz(APP + [("nspkg", 3, b"")]), "z"),
        CEntry("lib/libfoo.so", b"\x7fELF...", "b", flag=1),
        CEntry("pyi-python-flag Py_GIL_DISABLED", b"", "o"),
        CEntry("lib/link.so", b"libfoo.so\0", "n"),
    ], pyvers=HOST_PYVERS)
    manifest, out = _unpack(tmp_path, data)
    assert manifest.ok, manifest.lost
    assert (manifest.packer, manifest.packer_version) == ("PyInstaller", "5.x-6.x")
    assert manifest.python == HOST.key and manifest.magic == HOST.magic
    assert "magic number of PYZ.pyz" in (manifest.python_source or "")
    for rel in ("app_mod.pyc", "pkg/__init__.pyc", "pkg/sub.pyc", "app.pyc",
                "pyimod01_archive.pyc", "pyiboot01_bootstrap.pyc"):
        pyc = _load(out, rel)
        assert pyc.version.key == HOST.key
        assert pyc.header.to_bytes()[:4] == HOST_MAGIC
    assert os.path.isdir(os.path.join(out, "nspkg")) and not os.listdir(os.path.join(out, "nspkg"))
    assert open(os.path.join(out, "lib", "libfoo.so"), "rb").read() == b"\x7fELF..."
    link = next(e for e in manifest.entries if e.kind == "symlink")
    assert link.note and "libfoo.so" in link.note and not os.path.lexists(
        os.path.join(out, "lib", "link.so"))
    option = next(e for e in manifest.entries if e.kind == "option")
    assert option.note == "pyi-python-flag Py_GIL_DISABLED" and option.written is None
    # the scripts are byte-identical marshal streams after the header
    assert _load(out, "app.pyc").data[16:] == code_bytes("import app_mod\n")


@pytest.mark.parametrize("prefix,suffix", [
    (b"\x7fELF" + bytes(300), b"\0" * 2000),  # ELF: the section table follows the archive
    (pe_with_resource("RCDATA", b"x"), b"\x30\x82signature" + bytes(500)),  # PE + Authenticode
    (b"\xcf\xfa\xed\xfe" + bytes(300), b""),  # Mach-O
])
def test_archive_found_in_any_executable(tmp_path: object, prefix: bytes, suffix: bytes) -> None:
    data = carchive([CEntry("pyi_rth_inspect", code_bytes(), "s"),
                     CEntry("main", code_bytes(), "s"), CEntry("PYZ.pyz", pyz(APP), "z")],
                    prefix=prefix, suffix=suffix, pyvers=HOST_PYVERS)
    manifest, out = _unpack(tmp_path, data)
    assert manifest.ok and manifest.details["package_offset"] == len(prefix)
    assert manifest.details["entry_points"] == ["main"]


def test_pyinstaller_20_cookie_source_script_dict_toc(tmp_path: object) -> None:
    """PyInstaller 2.0: 24-byte cookie, a script stored as source text, a dict PYZ TOC."""
    body = bytearray(b"PYZ\0" + HOST_MAGIC + b"\0\0\0\0" + b"\0\0\0\x09" + b"\0")
    toc = {}
    for name, typ, data in APP:
        blob = zlib.compress(data)
        toc[name] = (typ, len(body), len(blob))
        body += blob
    body[8:12] = len(body).to_bytes(4, "big")
    body += marshal.dumps(toc)
    data = carchive([CEntry("app", b"print('hello')\n\0", "s"),
                     CEntry("out.pyz", bytes(body), "z")], cookie24=True, pyvers=27)
    manifest, out = _unpack(tmp_path, data)
    assert manifest.ok, manifest.lost
    assert manifest.packer_version == "1.x-2.x"
    assert open(os.path.join(out, "app.py"), "rb").read() == b"print('hello')\n"
    assert next(e for e in manifest.entries if e.name == "app").kind == "source"
    assert _load(out, "pkg/sub.pyc").version.key == HOST.key


def test_little_endian_toc_and_modified_magic(tmp_path: object) -> None:
    entries = [CEntry("app", code_bytes(), "s"), CEntry("PYZ-00.pyz", pyz(APP), "z")]
    data = carchive(entries, order="<", magic=b"NOTMEI!!", pyvers=HOST_PYVERS,
                    suffix=b"\0" * 300)
    manifest, out = _unpack(tmp_path, data)
    assert manifest.ok, manifest.lost
    assert manifest.details["byte_order"] == "little"
    assert manifest.details["cookie_found_by"] == "structure"
    assert any("modified PyInstaller" in w for w in manifest.warnings)
    assert os.path.exists(os.path.join(out, "pkg", "sub.pyc"))


def test_version_from_cookie_when_no_pyz(tmp_path: object) -> None:
    data = carchive([CEntry("app", code_bytes(), "s")], pyvers=HOST_PYVERS)
    manifest, out = _unpack(tmp_path, data)
    assert manifest.python == HOST.key and "version field" in (manifest.python_source or "")


@pytest.mark.parametrize("value,line", [(27, "2.7"), (36, "3.6"), (40, "3.10"), (311, "3.11"),
                                        (313, "3.13"), (5, None), (1000, None)])
def test_cookie_python_version_field(value: int, line: str) -> None:
    assert python_of_pyvers(value) == line


# -- encryption ------------------------------------------------------------------------


def _encryptor(mode: str, key: bytes, iv: bytes, data: bytes) -> bytes:
    try:
        from Crypto.Cipher import AES

        if mode == "ctr":
            return AES.new(key, AES.MODE_CTR, nonce=b"", initial_value=iv).encrypt(data)
        return AES.new(key, AES.MODE_CFB, iv=iv, segment_size=8).encrypt(data)
    except ImportError:
        pass
    try:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    except ImportError:
        pytest.skip("no AES library (pip install 'bytescope[aes]')")
    try:
        from cryptography.hazmat.decrepit.ciphers.modes import CFB8
    except ImportError:
        CFB8 = modes.CFB8
    enc = Cipher(algorithms.AES(key), modes.CTR(iv) if mode == "ctr" else CFB8(iv)).encryptor()
    return enc.update(data) + enc.finalize()


@pytest.mark.parametrize("mode,version", [("ctr", "4.x"), ("cfb8", "3.x")])
def test_encrypted_pyz(tmp_path: object, mode: str, version: str) -> None:
    key = "0123456789abcdef"
    iv = bytes(range(16))
    entries = [(n, t, iv + _encryptor(mode, key.encode(), iv, zlib.compress(d)))
               for n, t, d in APP]
    key_pyc = HOST_MAGIC + bytes(12) + code_bytes(f"key = {key!r}\n")
    data = carchive([CEntry("pyimod00_crypto_key", key_pyc, "m"),
                     CEntry("pyimod01_os_path", _pyc(), "m"),
                     CEntry("PYZ-00.pyz", pyz(entries, encrypted=True, compress=False), "z")],
                    pyvers=38)
    manifest, out = _unpack(tmp_path, data)
    assert manifest.ok, manifest.lost
    assert manifest.details["key"] == key
    assert manifest.details["encryption"] == f"AES-{mode.upper()}"
    assert version in (manifest.packer_version or "")
    assert _load(out, "pkg/sub.pyc").code.co_names == ("y",)


def test_pyinstaller_20_encrypted_carchive_entry(tmp_path: object) -> None:
    key = bytes(range(32))
    blob = key + _encryptor("cfb8", key, bytes(16), zlib.compress(b"secret data"))
    data = carchive([CEntry("data.txt", blob, "x", flag=2, size=11)], cookie24=True, pyvers=27)
    manifest, out = _unpack(tmp_path, data)
    assert manifest.ok, manifest.lost
    assert open(os.path.join(out, "data.txt"), "rb").read() == b"secret data"


def test_no_aes_library_says_how_to_get_one(tmp_path: object, monkeypatch: object) -> None:
    def missing() -> tuple[str, object]:
        raise CryptoUnavailable("the archive is AES-encrypted and no AES library is installed: "
                                + crypto.INSTALL_HINT)

    monkeypatch.setattr(crypto, "_backend", missing)  # type: ignore[attr-defined]
    iv = bytes(16)
    entries = [("mod", 0, iv + b"\x00" * 40)]
    data = carchive([CEntry("pyimod00_crypto_key", code_bytes("key = 'k'\n"), "m"),
                     CEntry("PYZ-00.pyz", pyz(entries, encrypted=True, compress=False), "z")])
    manifest, out = _unpack(tmp_path, data)
    assert "pip install 'bytescope[aes]'" in manifest.lost[0].error


# -- zips, py2exe, others ----------------------------------------------------------------


def _zip(members: dict[str, bytes], prefix: bytes = b"") -> bytes:
    buf = io.BytesIO()
    buf.write(prefix)
    with zipfile.ZipFile(buf, "a" if prefix else "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _pyc() -> bytes:
    return HOST_MAGIC + bytes(12) + code_bytes()


@pytest.mark.parametrize("members,filename,fmt", [
    ({"pkg/__init__.pyc": b"", "pkg-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0"}, "p.whl",
     "wheel"),
    ({"pkg/__init__.pyc": b"", "EGG-INFO/PKG-INFO": b""}, "p.egg", "egg"),
    ({"os.pyc": b""}, "base_library.zip", "PyInstaller base_library.zip"),
    ({"__startup__.pyc": b"", "__main__app.pyc": b""}, "library.zip", "cx_Freeze library.zip"),
    ({"__main__.pyc": b""}, "app.pyz", "zipapp"),
    ({"x.pyc": b""}, "x.zip", "zip"),
])
def test_zip_formats_are_named(tmp_path: object, members: dict[str, bytes], filename: str,
                               fmt: str) -> None:
    members = {k: (_pyc() if k.endswith(".pyc") else v) for k, v in members.items()}
    manifest, out = _unpack(tmp_path, _zip(members), name=filename)
    assert manifest.format == fmt and manifest.ok
    assert manifest.python == HOST.key


def test_zipapp_with_shebang(tmp_path: object) -> None:
    data = _zip({"__main__.pyc": _pyc()}, prefix=b"#!/usr/bin/env python3.11\n")
    manifest, out = _unpack(tmp_path, data)
    assert manifest.format == "zipapp"
    assert manifest.details["shebang"] == "/usr/bin/env python3.11"
    assert _load(out, "__main__.pyc").version.key == HOST.key


def test_standalone_pyz(tmp_path: object) -> None:
    manifest, out = _unpack(tmp_path, pyz(APP), name="PYZ-00.pyz")
    assert manifest.format == "PyInstaller PYZ" and manifest.ok
    assert os.path.exists(os.path.join(out, "pkg", "__init__.pyc"))


def test_py2exe_pythonscript(tmp_path: object) -> None:
    boot = code_bytes("import sys\n", "<install zipextimporter>")
    main_code = code_bytes("print('py2exe main')\n", "C:\\build\\hello.py")
    library = _zip({"sampleapp/__init__.pyc": _pyc()})
    exe = pe_with_resource("PYTHONSCRIPT", py2exe_script([boot, main_code]),
                           tail=b"\0" * 16 + HOST_DLL + b"\0" * 16)
    manifest, out = _unpack(tmp_path, exe + library, name="hello.exe")
    assert manifest.format == "py2exe executable" and manifest.ok, manifest.lost
    assert manifest.python == HOST.key and "DLL name" in (manifest.python_source or "")
    hello = _load(out, "hello.pyc")
    assert hello.code.co_filename == "C:\\build\\hello.py"
    proc = subprocess.run([sys.executable, os.path.join(out, "hello.pyc")], capture_output=True,
                          text=True)
    assert proc.stdout == "py2exe main\n"
    assert os.path.exists(os.path.join(out, "sampleapp", "__init__.pyc"))


def test_py2exe_without_a_version_asks_for_one(tmp_path: object) -> None:
    exe = pe_with_resource("PYTHONSCRIPT", py2exe_script([code_bytes()], b"library.zip"))
    manifest, out = _unpack(tmp_path, exe, name="hello.exe")
    assert "--python-version" in manifest.lost[0].error
    manifest, out = _unpack(tmp_path, exe, name="hello.exe", python_version=HOST.key)
    assert manifest.ok and manifest.python == HOST.key


@pytest.mark.parametrize("marker,kind,words", [
    (b"\0NUITKA_ONEFILE_PARENT\0", "nuitka", "no bytecode to extract"),
    (b"\0__pyarmor__\0", "pyarmor", "bytescope attach"),
])
def test_nuitka_and_pyarmor_are_named(tmp_path: object, marker: bytes, kind: str,
                                      words: str) -> None:
    with pytest.raises(NotPacked, match=words) as info:
        _unpack(tmp_path, b"\x7fELF" + bytes(3000) + marker + bytes(3000))
    assert info.value.kind == kind


def test_pyarmor_inside_pyinstaller_warns(tmp_path: object) -> None:
    data = carchive([CEntry("PYZ-00.pyz", pyz(APP + [("pyarmor_runtime_000000", 1,
                                                        code_bytes())]), "z")])
    manifest, out = _unpack(tmp_path, data)
    assert manifest.ok and any("PyArmor" in w for w in manifest.warnings)


def test_real_non_python_executable(tmp_path: object) -> None:
    exe = shutil.which("true") or shutil.which("ls")
    if exe is None:
        pytest.skip("no /bin/true here")
    with pytest.raises(NotPacked, match=r"not a packed Python application \(an ELF"):
        bytescope.unpack(exe, os.path.join(str(tmp_path), "out"))
    assert not os.path.exists(os.path.join(str(tmp_path), "out"))


def test_single_pyc_is_pointed_to_dis(tmp_path: object) -> None:
    with pytest.raises(NotPacked, match="bytescope dis"):
        _unpack(tmp_path, _pyc())


# -- command line and archive-member paths ---------------------------------------------------


def _sample(name: str) -> str:
    with open(os.path.join(FIXTURES, name, "sample.json")) as fh:
        return os.path.join(FIXTURES, name, json.load(fh)["target"])


def test_cli_json_manifest_and_exit_status(tmp_path: object, capsys: object) -> None:
    target = _sample("py313-pyi6-onefile")
    out = os.path.join(str(tmp_path), "out")
    assert main(["unpack", target, "-o", out, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)  # type: ignore[attr-defined]
    assert doc["packer"] == "PyInstaller" and doc["python"] == "3.13" and doc["ok"]
    core = next(e for e in doc["entries"] if e["name"] == "sampleapp.core")
    assert set(core) >= {"name", "kind", "offset", "stored_size", "size", "compressed",
                         "encrypted", "written", "error"}
    assert core["written"] == "sampleapp/core.pyc" and core["compressed"]
    assert doc["counts"]["lost"] == 0


def test_cli_nonzero_when_anything_is_lost(tmp_path: object, capsys: object) -> None:
    inp = os.path.join(str(tmp_path), "bad.bin")
    with open(inp, "wb") as fh:
        fh.write(carchive([CEntry("ok.txt", b"ok"), CEntry("../evil", b"x")]))
    assert main(["unpack", inp, "-o", os.path.join(str(tmp_path), "out")]) == 1
    captured = capsys.readouterr()  # type: ignore[attr-defined]
    assert "LOST" in captured.out and "climbs out" in captured.out
    assert "1 entry lost: ../evil" in captured.err


def test_cli_list_writes_nothing(tmp_path: object, capsys: object) -> None:
    target = _sample("zipapp-py312")
    assert main(["unpack", target, "--list"]) == 0
    assert "__main__.pyc" in capsys.readouterr().out  # type: ignore[attr-defined]
    assert not os.path.exists(target + "_extracted")


def test_cli_not_packed(tmp_path: object, capsys: object) -> None:
    inp = os.path.join(str(tmp_path), "x.txt")
    with open(inp, "w") as fh:
        fh.write("hello")
    assert main(["unpack", inp]) == 1
    assert "not a packed Python application" in capsys.readouterr().err  # type: ignore


@pytest.mark.parametrize("command", [["info"], ["dis"], ["dump"], ["scan", "--strict"]])
def test_member_paths_in_other_commands(command: list[str], capsys: object) -> None:
    member = _sample("py310-pyi5.13.2-onefile-key") + "!sampleapp/core.pyc"
    if crypto.backend_name() is None:
        member = _sample("py313-pyi6-onefile") + "!sampleapp/core.pyc"
    assert main([*command, member]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert ("fib" in out) or ("1 pyc(s) read, 0 failed" in out)


def test_member_path_errors(capsys: object) -> None:
    missing = _sample("zipapp-py312") + "!nope.pyc"
    assert main(["info", missing]) == 1
    assert "no member 'nope.pyc'" in capsys.readouterr().err  # type: ignore[attr-defined]


def test_private_magic_needs_python_version(tmp_path: object) -> None:
    data = carchive([CEntry("PYZ-00.pyz", pyz(APP, magic=b"\x99\x99\r\n"), "z")], pyvers=1000)
    manifest, out = _unpack(tmp_path, data)
    assert "--python-version" in manifest.lost[0].error
    manifest, out = _unpack(tmp_path, data, python_version=HOST.key)
    assert manifest.ok
    # The pycs keep the archive's own (private) magic, read as the forced version.
    with open(os.path.join(out, "pkg", "sub.pyc"), "rb") as fh:
        data = fh.read()
    assert data[:4] == b"\x99\x99\r\n"
    assert bytescope.loads(data, python_version=HOST.key).code.co_names == ("y",)


def test_cx_freeze_build_folder(tmp_path: object) -> None:
    folder = os.path.dirname(_sample("cxfreeze-py312"))
    manifest = bytescope.unpack(folder, os.path.join(str(tmp_path), "out"))
    assert manifest.packer == "cx_Freeze" and manifest.ok
    assert manifest.path == os.path.join(folder, "app")
