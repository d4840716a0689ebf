"""Sorting the desk's connection errors: a missing or refused password, or anything else."""

from __future__ import annotations

import pytest

from desktop.models.team.login import NO_PASSWORD, WRONG_PASSWORD, login_problem


class DriverError(Exception):
    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (DriverError('connection to server at "10.0.0.5", port 5432 failed: fe_sendauth: no password supplied'),
         NO_PASSWORD),
        (DriverError('FATAL:  password authentication failed for user "ana"'), WRONG_PASSWORD),
        (DriverError("authentication failed", sqlstate="28P01"), WRONG_PASSWORD),
        (DriverError('connection to server at "10.0.0.5", port 5432 failed: Connection refused'), None),
        (DriverError("connection timeout expired"), None),
        (DriverError('FATAL:  database "ia" does not exist', sqlstate="3D000"), None),
        (None, None),
    ],
)
def test_only_a_password_problem_is_called_one(error: BaseException | None, problem: str | None) -> None:
    assert login_problem(error) == problem
