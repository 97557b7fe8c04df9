"""bcrypt checks through libxcrypt (issue #18.6): the same answers as the ``bcrypt`` package, and the
package wherever the C library could answer differently."""

from __future__ import annotations

import bcrypt
import pytest

from api import bcrypt_c
from api.security import hash_password, verify_password

PASSWORD = b"correct horse"


@pytest.fixture(scope="module")
def hashed() -> bytes:
    return bcrypt.hashpw(PASSWORD, bcrypt.gensalt(4))


def test_this_system_checks_bcrypt_hashes_in_c():
    assert bcrypt_c.uses_libcrypt()


@pytest.mark.parametrize("prefix", [b"$2a$", b"$2b$", b"$2y$"])
@pytest.mark.parametrize("candidate", [PASSWORD, b"correct horsE", b"", PASSWORD + b" ", "pässwörd".encode()])
def test_answers_are_those_of_the_bcrypt_package(hashed, prefix, candidate):
    variant = prefix + hashed[4:]

    assert bcrypt_c.checkpw(candidate, variant) is bcrypt.checkpw(candidate, variant)


def test_a_password_with_a_nul_byte_is_not_cut_at_it():
    hashed = bcrypt.hashpw(b"abc", bcrypt.gensalt(4))

    assert bcrypt_c.checkpw(b"abc", hashed) is True
    assert bcrypt_c.checkpw(b"abc\0anything", hashed) is False


def test_a_password_of_72_bytes_passes_and_a_longer_one_is_refused_like_the_package():
    hashed = bcrypt.hashpw(b"x" * 72, bcrypt.gensalt(4))

    assert bcrypt_c.checkpw(b"x" * 72, hashed) is True
    with pytest.raises(ValueError):
        bcrypt_c.checkpw(b"x" * 73, hashed)


def test_hashes_of_other_schemes_never_match():
    sha512_crypt = b"$6$saltsalt$" + b"x" * 86
    des = b"abJnggxhB/yWI"

    for other in (sha512_crypt, des, b"*0", b"$2b$04$short"):
        with pytest.raises(ValueError):
            bcrypt_c.checkpw(PASSWORD, other)


async def test_login_checks_agree_for_hashes_this_service_made():
    hashed = await hash_password("s3cret-pass", 4)

    assert await verify_password("s3cret-pass", hashed, 4) is True
    assert await verify_password("s3cret-Pass", hashed, 4) is False
    assert await verify_password("s3cret-pass", "$6$saltsalt$" + "x" * 86, 4) is False
    assert await verify_password("s3cret-pass", None, 4) is False
