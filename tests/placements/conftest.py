"""Fixtures for the placements tests: a Redis server the suite starts itself."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def redis_server():
    from tests.redis_server import start_server

    server = start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server):
    """The throwaway server's URL, emptied before each test that uses it."""
    from redis import Redis

    connection = Redis.from_url(redis_server.url)
    connection.flushdb()
    connection.close()
    return redis_server.url
