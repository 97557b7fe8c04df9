"""``chores vapid-keys``: a new VAPID key pair for Web Push, as the lines to put in the environment."""

from __future__ import annotations

import argparse
import sys

from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid.utils import b64urlencode

from api.cli.common import CommandError
from settings import VAPID_SUBJECT_SCHEMES, vapid_application_server_key

PRIVATE_KEY_BYTES = 32


def new_vapid_private_key() -> str:
    """A fresh P-256 private key, base64url of its 32-byte secret (the form ``VAPID_PRIVATE_KEY`` takes)."""
    secret = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    return b64urlencode(secret.to_bytes(PRIVATE_KEY_BYTES, "big"))


def vapid_environment(subject: str) -> list[str]:
    """``VAPID_PRIVATE_KEY=…``, ``VAPID_PUBLIC_KEY=…`` and ``VAPID_SUBJECT=…`` of a new key pair."""
    private_key = new_vapid_private_key()
    return [
        f"VAPID_PRIVATE_KEY={private_key}",
        f"VAPID_PUBLIC_KEY={vapid_application_server_key(private_key)}",
        f"VAPID_SUBJECT={subject}",
    ]


def cmd_vapid_keys(args: argparse.Namespace) -> int:
    """Generate a VAPID key pair for Web Push and print the environment lines that configure it."""
    if not args.subject.startswith(VAPID_SUBJECT_SCHEMES):
        raise CommandError("--subject must be a mailto: or https:// URL, e.g. mailto:admin@example.com")
    print("# Web Push keys: keep VAPID_PRIVATE_KEY secret; a new pair invalidates every subscription.",
          file=sys.stderr)
    print("\n".join(vapid_environment(args.subject)))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    keys = commands.add_parser("vapid-keys", help=cmd_vapid_keys.__doc__)
    keys.add_argument("--subject", default="mailto:admin@example.com",
                      help="how push services reach you: a mailto: or https:// URL (default: %(default)s)")
    keys.set_defaults(func=cmd_vapid_keys)
