"""Placement rates: stored spans (effective_to, day and month numbers)

Each rate gets its last day in force (``effective_to``: the day before the next rate, or
the placement's end date, or null while open) and the same span as day and month numbers,
so the commissioning sums need no window function or date function per row. Existing
rates are filled in from their placements, in batches, the same way on both databases.

Revision ID: 746bd2df39d3
Revises: 0d30c748b5f3
Create Date: 2026-11-24 15:26:01.795421

"""

from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "746bd2df39d3"
down_revision = "0d30c748b5f3"
branch_labels = None
depends_on = None

EPOCH = date(1970, 1, 1)
BATCH = 5_000
SPAN_CHECK = (
    "(effective_to IS NULL) = (to_day IS NULL) AND (to_day IS NULL) = (to_month IS NULL)"
    " AND (to_day IS NULL OR (to_day >= from_day - 1 AND to_month >= from_month - 1))"
)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _spans(rates: list[tuple], end_date) -> list[dict]:
    """Rates (id, effective_from) of one placement in date order: their span columns,
    as ``fostering.models.placement.rate_spans`` computes them (copied: a migration
    does not import the app's code, which changes after it)."""
    spans = []
    for index, (rate_id, start) in enumerate(rates):
        ends = [rates[index + 1][1] - timedelta(days=1)] if index + 1 < len(rates) else []
        if end_date is not None:
            ends.append(end_date)
        to = max(min(ends), start - timedelta(days=1)) if ends else None
        spans.append(
            {
                "rate_id": rate_id,
                "new_effective_to": to,
                "new_from_day": (start - EPOCH).days,
                "new_to_day": None if to is None else (to - EPOCH).days,
                "new_from_month": start.year * 12 + start.month - 1,
                "new_to_month": None if to is None else to.year * 12 + to.month - 1,
            }
        )
    return spans


def _backfill() -> None:
    connection = op.get_bind()
    rates = sa.table(
        "placement_rates",
        sa.column("id", sa.Integer),
        sa.column("placement_id", sa.Integer),
        sa.column("effective_from", sa.Date),
        sa.column("effective_to", sa.Date),
        sa.column("from_day", sa.Integer),
        sa.column("to_day", sa.Integer),
        sa.column("from_month", sa.Integer),
        sa.column("to_month", sa.Integer),
    )
    placements = sa.table("placements", sa.column("id"), sa.column("end_date", sa.Date))
    update = (
        rates.update()
        .where(rates.c.id == sa.bindparam("rate_id"))
        .values(
            effective_to=sa.bindparam("new_effective_to"),
            from_day=sa.bindparam("new_from_day"),
            to_day=sa.bindparam("new_to_day"),
            from_month=sa.bindparam("new_from_month"),
            to_month=sa.bindparam("new_to_month"),
        )
    )
    rows = connection.execute(
        sa.select(rates.c.placement_id, rates.c.id, rates.c.effective_from, placements.c.end_date)
        .join(placements, placements.c.id == rates.c.placement_id)
        .order_by(rates.c.placement_id, rates.c.effective_from)
    ).all()  # ids and dates only: a few MB even for a large council's ledger
    pending: list[dict] = []
    start = 0
    while start < len(rows):
        stop = start
        while stop < len(rows) and rows[stop][0] == rows[start][0]:
            stop += 1
        end_date = rows[start][3]
        pending += _spans(
            [(row[1], _as_date(row[2])) for row in rows[start:stop]],
            None if end_date is None else _as_date(end_date),
        )
        if len(pending) >= BATCH:
            connection.execute(update, pending)
            pending = []
        start = stop
    if pending:
        connection.execute(update, pending)


def upgrade():
    with op.batch_alter_table("placement_rates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("effective_to", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("from_day", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("to_day", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("from_month", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("to_month", sa.Integer(), nullable=True))
    _backfill()
    with op.batch_alter_table("placement_rates", schema=None) as batch_op:
        batch_op.alter_column("from_day", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("from_month", existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint("ck_placement_rates_span", SPAN_CHECK)
        batch_op.create_index(
            "ix_placement_rates_spans",
            ["placement_id", "from_day", "to_day", "weekly_cost_pence", "from_month", "to_month"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("placement_rates", schema=None) as batch_op:
        batch_op.drop_index("ix_placement_rates_spans")
        batch_op.drop_constraint("ck_placement_rates_span", type_="check")
        batch_op.drop_column("to_month")
        batch_op.drop_column("from_month")
        batch_op.drop_column("to_day")
        batch_op.drop_column("from_day")
        batch_op.drop_column("effective_to")
