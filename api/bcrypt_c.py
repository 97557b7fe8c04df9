"""bcrypt password checks through the system's C crypt library (libxcrypt), where it has one.

A login is one bcrypt check, and the check is nearly all of its CPU. The ``bcrypt`` package 5.x
(Rust) spends about 15% more CPU per check than libxcrypt's C code on the same hash: 207 against
179 ms at cost 12 on the development VM (bench/README.md, "Login CPU"). The hashes are the same
``$2b$`` strings; new hashes still come from the ``bcrypt`` package.

:func:`checkpw` takes the C path only where it gives the same answer as ``bcrypt.checkpw``: a
bcrypt hash (``$2a$``, ``$2b$``, ``$2y$``; libxcrypt would also verify other schemes) and a
password of at most 72 bytes without NUL bytes (C reads a string up to its first NUL). Everything else, and every
system without a usable ``crypt_rn``, goes through the ``bcrypt`` package. ctypes releases the
GIL during the call, so checks still run in parallel on the hashing threads.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hmac
from collections.abc import Callable

import bcrypt

BCRYPT_PREFIXES = (b"$2a$", b"$2b$", b"$2y$")
# The package refuses longer passwords; libxcrypt would cut them.
BCRYPT_MAX_BYTES = 72
# sizeof(struct crypt_data) in libxcrypt: the scratch space each call gets for itself (thread safety).
CRYPT_DATA_SIZE = 32768
_PROBE_PASSWORD = b"probe-password"

CryptFunction = Callable[[bytes, bytes, ctypes.Array, int], bytes | None]


def _crypt(function: CryptFunction, password: bytes, setting: bytes) -> bytes | None:
    return function(password, setting, ctypes.create_string_buffer(CRYPT_DATA_SIZE), CRYPT_DATA_SIZE)


def _load_crypt_rn() -> CryptFunction | None:
    """libxcrypt's ``crypt_rn``, if the system has it and it checks bcrypt hashes as the package does."""
    name = ctypes.util.find_library("crypt")
    if name is None:
        return None
    try:
        function = ctypes.CDLL(name).crypt_rn
    except (OSError, AttributeError):
        return None
    function.restype = ctypes.c_char_p
    function.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    probe = bcrypt.hashpw(_PROBE_PASSWORD, bcrypt.gensalt(4))
    if _crypt(function, _PROBE_PASSWORD, probe) != probe or _crypt(function, b"other", probe) == probe:
        return None
    return function


_crypt_rn = _load_crypt_rn()


def uses_libcrypt() -> bool:
    """Whether checks of bcrypt hashes go through the C library on this system."""
    return _crypt_rn is not None


def checkpw(password: bytes, hashed: bytes) -> bool:
    """``bcrypt.checkpw`` with the same answers (and the same ``ValueError`` for a hash it cannot read)."""
    usable = len(password) <= BCRYPT_MAX_BYTES and b"\0" not in password and hashed.startswith(BCRYPT_PREFIXES)
    if _crypt_rn is None or not usable:
        return bcrypt.checkpw(password, hashed)
    computed = _crypt(_crypt_rn, password, hashed)
    if computed is None:
        raise ValueError("Invalid salt")
    return hmac.compare_digest(computed, hashed)
