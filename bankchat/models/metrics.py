"""Shared metric counters: one total per name and label, whichever worker adds to it."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class MetricCounter(SQLModel, table=True):
    """A counter every worker adds to (errors by code): the database keeps one total."""

    __tablename__ = "metric_counter"

    name: str = Field(primary_key=True, max_length=64)
    label: str = Field(primary_key=True, max_length=64)
    value: int = Field(default=0)
