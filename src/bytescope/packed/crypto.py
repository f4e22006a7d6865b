"""AES for PyInstaller's encrypted archives, through a well-kept library (never by hand).

PyInstaller encrypted in three ways, all with the key the archive ships:

* 3.x (``--key``): each PYZ entry is a 16-byte IV + AES-128 in CFB mode with
  8-bit segments (PyCrypto's default), key from ``pyimod00_crypto_key``;
* 4.0-5.x (``--key``, tinyaes): the same layout in CTR mode (a 128-bit
  big-endian counter starting at the IV);
* 2.0 (CArchive entries with flag 2): a random 32-byte key stored before the
  data, AES-256-CFB8 with a zero IV.

The library is optional (``pip install 'bytescope[aes]'`` installs
pycryptodome); ``cryptography`` or ``tinyaes`` (CTR only) serve as well when
installed.  Without any, :class:`~.errors.CryptoUnavailable` says so.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any, Callable, Optional

from .errors import CryptoUnavailable

__all__ = ["SCHEMES", "backend_name", "decrypt", "normalize_key"]

#: The schemes :func:`decrypt` knows, with the PyInstaller versions that used them.
SCHEMES = {"ctr": "PyInstaller 4.x-5.x", "cfb8": "PyInstaller 3.x"}
BLOCK = 16
INSTALL_HINT = "pip install 'bytescope[aes]' (pycryptodome; cryptography or tinyaes also work)"

_Decrypt = Callable[[str, bytes, bytes, bytes], bytes]


def _pycryptodome(package: str) -> Optional[_Decrypt]:
    try:
        aes: Any = importlib.import_module(f"{package}.Cipher.AES")
    except ImportError:
        return None

    def run(mode: str, key: bytes, iv: bytes, data: bytes) -> bytes:
        if mode == "ctr":
            cipher = aes.new(key, aes.MODE_CTR, nonce=b"", initial_value=iv)
        else:
            cipher = aes.new(key, aes.MODE_CFB, iv=iv, segment_size=8)
        return bytes(cipher.decrypt(data))

    return run


def _cryptography() -> Optional[_Decrypt]:
    # Imported by name, as the other backends: the type checker then does not
    # depend on which optional library the environment has.
    try:
        ciphers: Any = importlib.import_module("cryptography.hazmat.primitives.ciphers")
    except ImportError:
        return None
    modes = ciphers.modes
    try:  # CFB8 moved to the "decrepit" namespace in cryptography 43+
        cfb8 = importlib.import_module("cryptography.hazmat.decrepit.ciphers.modes").CFB8
    except ImportError:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cfb8 = modes.CFB8

    def run(mode: str, key: bytes, iv: bytes, data: bytes) -> bytes:
        chosen = modes.CTR(iv) if mode == "ctr" else cfb8(iv)
        dec = ciphers.Cipher(ciphers.algorithms.AES(key), chosen).decryptor()
        return bytes(dec.update(data) + dec.finalize())

    return run


def _tinyaes() -> Optional[_Decrypt]:
    try:
        tinyaes: Any = importlib.import_module("tinyaes")
    except ImportError:
        return None

    def run(mode: str, key: bytes, iv: bytes, data: bytes) -> bytes:
        if mode != "ctr":
            raise CryptoUnavailable(f"tinyaes has no CFB mode ({SCHEMES.get(mode, mode)} "
                                    f"archives): {INSTALL_HINT}")
        return bytes(tinyaes.AES(key, iv).CTR_xcrypt_buffer(data))

    return run


_BACKEND: Optional[tuple[str, _Decrypt]] = None


def _backend() -> tuple[str, _Decrypt]:
    global _BACKEND
    if _BACKEND is None:
        makers: tuple[tuple[str, Callable[[], Optional[_Decrypt]]], ...] = (
            ("pycryptodome", lambda: _pycryptodome("Crypto")),
            ("pycryptodomex", lambda: _pycryptodome("Cryptodome")),
            ("cryptography", _cryptography),
            ("tinyaes", _tinyaes),
        )
        for name, make in makers:
            found = make()
            if found is not None:
                _BACKEND = (name, found)
                break
        else:
            raise CryptoUnavailable(f"the archive is AES-encrypted and no AES library is "
                                    f"installed: {INSTALL_HINT}")
    return _BACKEND


def backend_name() -> Optional[str]:
    """Return the AES library in use, or None when none is installed."""
    try:
        return _backend()[0]
    except CryptoUnavailable:
        return None


def normalize_key(key: str) -> bytes:
    """Return PyInstaller's 16-byte AES key for ``key`` (truncated, or zero-filled on the left)."""
    text = key[:BLOCK] if len(key) > BLOCK else key.zfill(BLOCK)
    return text.encode("utf-8")[:BLOCK].rjust(BLOCK, b"0")


def decrypt(mode: str, key: bytes, iv: bytes, data: bytes) -> bytes:
    """Return ``data`` decrypted with AES (``mode`` ``"ctr"`` or ``"cfb8"``).

    Raises :class:`CryptoUnavailable` when no AES library is installed.
    """
    return _backend()[1](mode, key, iv, data)
