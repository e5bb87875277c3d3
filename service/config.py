"""Every setting, read from the environment in one place, with defaults that work on a laptop."""

import os
import re
from collections.abc import Mapping
from urllib.parse import urlsplit


def from_environment(environ: Mapping[str, str] = os.environ) -> dict:
    """Settings from ``TIMELINE_*`` variables, plus ``HOST`` and ``PORT`` for the server."""
    return {
        "TIMELINE_DB": environ.get("TIMELINE_DB", "timeline.db"),
        "TIMELINE_CORS_ORIGINS": _list(environ.get("TIMELINE_CORS_ORIGINS", "*")),
        "TIMELINE_CACHE_MAX_AGE": int(environ.get("TIMELINE_CACHE_MAX_AGE", "60")),
        "TIMELINE_API_TOKEN": environ.get("TIMELINE_API_TOKEN") or None,
        "TIMELINE_TOKENS_FILE": environ.get("TIMELINE_TOKENS_FILE") or None,
        "MAX_CONTENT_LENGTH": int(environ.get("TIMELINE_MAX_BODY_BYTES", str(64 * 1024))),
        "TIMELINE_DRAFTS_AT_ONCE": _positive(environ.get("TIMELINE_DRAFTS_AT_ONCE", "2")),
        "TIMELINE_READ_ONLY": _flag(environ.get("TIMELINE_READ_ONLY", "0")),
        "TIMELINE_RESPONSE_CACHE": _flag(environ.get("TIMELINE_RESPONSE_CACHE", "1")),
        "TIMELINE_RESPONSE_CACHE_MB": float(environ.get("TIMELINE_RESPONSE_CACHE_MB", "8")),
        "TIMELINE_METRICS": _choice(environ, "TIMELINE_METRICS", ("off", "on", "token")),
        "TIMELINE_METRICS_DIR": environ.get("TIMELINE_METRICS_DIR") or None,
        # Set by the server's start-up hook (service/serving/gunicorn_hooks.py), never by hand.
        "PROMETHEUS_MULTIPROC_DIR": environ.get("PROMETHEUS_MULTIPROC_DIR") or None,
        "TIMELINE_LOG_FORMAT": _choice(environ, "TIMELINE_LOG_FORMAT", ("text", "json")),
        # Litestream (service/files/litestream.py): where the primary streams its WAL, and
        # where a following replica restores from.
        "TIMELINE_REPLICA_URL": replica_url(environ.get("TIMELINE_REPLICA_URL", "")),
        "TIMELINE_SYNC_SECONDS": _seconds(environ, "TIMELINE_SYNC_SECONDS", "1"),
        "TIMELINE_FOLLOW_SECONDS": _seconds(environ, "TIMELINE_FOLLOW_SECONDS", "5"),
        # Set by `timeline serve --replicate` / `--follow` for the workers, never by hand.
        "TIMELINE_REPLICATING": _flag(environ.get("TIMELINE_REPLICATING", "0")),
        "TIMELINE_FOLLOW_STATUS": environ.get("TIMELINE_FOLLOW_STATUS") or None,
        "HOST": environ.get("HOST", "127.0.0.1"),
        "PORT": int(environ.get("PORT", "8000")),
        "WORKERS": int(environ.get("TIMELINE_WORKERS", "2")),
        # Threads per worker running the Flask app (service/serving/flask_threads.py).
        "TIMELINE_THREADS": _positive(environ.get("TIMELINE_THREADS", "2")),
    }


_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._+@=,~-]+")


def replica_url(value: str) -> str | None:
    """A Litestream replica URL: ``file:///absolute/dir`` or ``s3://bucket/path`` (with an
    optional ``?endpoint=...&region=...`` for S3-compatible servers); empty is none."""
    value = value.strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            raise ValueError(
                f"TIMELINE_REPLICA_URL={value!r}: a file replica is file:///absolute/directory"
            )
        if parts.path.rstrip("/") == "":
            raise ValueError(f"TIMELINE_REPLICA_URL={value!r}: the root is not a replica directory")
        if not _PLAIN_PATH.fullmatch(parts.path):
            raise ValueError(
                f"TIMELINE_REPLICA_URL={value!r}: Litestream re-escapes a file replica's "
                "directory; name one of letters, digits and / . _ - + @ = , ~ only"
            )
        return value
    if parts.scheme == "s3":
        if not parts.netloc or not parts.path.strip("/"):
            raise ValueError(
                f"TIMELINE_REPLICA_URL={value!r}: an S3 replica is s3://bucket/path "
                "(credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
            )
        return value
    raise ValueError(
        f"TIMELINE_REPLICA_URL={value!r}: expected file:///absolute/directory or s3://bucket/path"
    )


def _seconds(environ: Mapping[str, str], name: str, default: str) -> float:
    """A positive number of seconds, at most a day."""
    text = environ.get(name, default).strip() or default
    try:
        seconds = float(text)
    except ValueError:
        raise ValueError(f"{name}={text!r}: expected a number of seconds") from None
    if not 0.05 <= seconds <= 86400:
        raise ValueError(f"{name}={text!r}: expected between 0.05 and 86400 seconds")
    return seconds


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _choice(environ: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (any case); the first is the default."""
    value = environ.get(name, choices[0]).strip().lower() or choices[0]
    if value not in choices:
        raise ValueError(f"{name}={value!r}: expected one of {', '.join(choices)}")
    return value


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(f"{value!r} must be a whole number of at least 1")
    return number


def _flag(value: str) -> bool:
    """``1``/``true``/``yes``/``on`` (any case) is on; ``0``/``false``/``no``/``off``/empty off."""
    text = value.strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"{value!r} is not a yes/no setting; use 1 or 0")
