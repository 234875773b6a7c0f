"""A throwaway Redis server for the test suite: ``redis-server`` on 127.0.0.1, no persistence.

Like ``tests/postgres_server.py``: a free port, a temporary directory, nothing left
behind. ``bin/install-test-deps.sh`` installs Debian's ``redis-server``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.postgres_server import free_port


class RedisUnavailable(RuntimeError):
    pass


@dataclass
class RedisServer:
    base: Path
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        try:
            self.process.terminate()
            self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def start_server() -> RedisServer:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisUnavailable(
            "redis-server was not found. Install it (Debian: apt-get install redis-server) "
            "or run `make test`, which installs it."
        )
    base = Path(tempfile.mkdtemp(prefix="fostering-redis-"))
    port = free_port()
    command = [
        binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(base),
        "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning",
        "--logfile", str(base / "redis.log"),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = RedisServer(base=base, port=port, process=process)
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError

    client = Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 20
    while True:  # poll with a deadline until the server answers
        try:
            client.ping()
            break
        except RedisConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                log = base / "redis.log"
                detail = log.read_text() if log.exists() else ""
                server.stop()
                raise RedisUnavailable(f"Redis did not start: {detail}") from None
            time.sleep(0.05)
    client.close()
    return server
