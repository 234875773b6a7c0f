"""A throwaway PostgreSQL server for the test suite, started with pg_ctl on 127.0.0.1.

As root (CI runs as root) the server runs as the ``postgres`` user, since PostgreSQL
refuses to run as root. Nothing is left behind: the data directory is deleted at exit.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def find_pg_bin() -> Path:
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(os.path.realpath(pg_ctl)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if candidates:
        return Path(candidates[-1]).parent
    raise PostgresUnavailable(
        "pg_ctl was not found. Install PostgreSQL (Debian: apt-get install postgresql) "
        "or run `make test`, which installs it."
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresServer:
    bin_dir: Path
    base: Path
    port: int
    run_as: str | None

    @property
    def data(self) -> Path:
        return self.base / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
        )
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200 "
            # A throwaway server on a 2-core machine: no JIT compiling of the reports'
            # queries (it costs more than it saves on test-sized data), no autovacuum
            # working beside the tests, and the least WAL (CREATE DATABASE copies less).
            "-c jit=off -c autovacuum=off -c wal_level=minimal -c max_wal_senders=0"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.base / "server.log"),
            "-w",
            "start",
        )

    def to_dict(self) -> dict:
        """What another test process needs to use (and the controller to stop) it."""
        return {
            "bin_dir": str(self.bin_dir),
            "base": str(self.base),
            "port": self.port,
            "run_as": self.run_as,
        }

    @classmethod
    def from_dict(cls, data: dict) -> PostgresServer:
        return cls(
            bin_dir=Path(data["bin_dir"]),
            base=Path(data["base"]),
            port=data["port"],
            run_as=data["run_as"],
        )

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def start_server() -> PostgresServer:
    bin_dir = find_pg_bin()
    base = Path(tempfile.mkdtemp(prefix="fostering-pg-"))
    run_as = None
    if os.geteuid() == 0:
        try:
            entry = pwd.getpwnam("postgres")
        except KeyError as error:
            raise PostgresUnavailable("Running as root needs a 'postgres' user") from error
        os.chown(base, entry.pw_uid, entry.pw_gid)
        run_as = "postgres"
    server = PostgresServer(bin_dir=bin_dir, base=base, port=free_port(), run_as=run_as)
    try:
        server.start()
    except subprocess.CalledProcessError as error:
        log = base / "server.log"
        detail = log.read_text() if log.exists() else error.stderr
        shutil.rmtree(base, ignore_errors=True)
        raise PostgresUnavailable(f"PostgreSQL did not start: {detail}") from error
    return server
