"""Ids in paths, queries and forms, checked before any query runs.

Rows are numbered by the databases' INTEGER columns (32-bit on PostgreSQL): a larger number is no row
of ours, and handed to the database it fails inside the driver (SQLite: OverflowError) as a 500. So an
id outside 1…2³¹−1 is refused up front as 422, in the one error shape, like any other bad parameter.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path, Query

MAX_ID = 2**31 - 1

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
IdForm = Annotated[int, Form(ge=1, le=MAX_ID)]
IdFormOptional = Annotated[int | None, Form(ge=1, le=MAX_ID)]
