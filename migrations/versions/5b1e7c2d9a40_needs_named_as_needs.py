"""Needs named as needs: the seeded list read as a child's need and a carer's skill

The list was seeded with the recruitment journey's carer-skill wording ("Disabled
children", "Autistic children", ...). A child's page then read "Needs: Disabled children".
These names read right in both places: "Needs: Disability" on a child's referral, "Needs
they can meet: Disability" on a provider. Codes do not change, so records are untouched.
A need the administrator has already renamed is left as they named it.

Revision ID: 5b1e7c2d9a40
Revises: 746bd2df39d3
Create Date: 2026-11-24 16:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b1e7c2d9a40"
down_revision = "746bd2df39d3"
branch_labels = None
depends_on = None

# code: ((old English, old Welsh), (new English, new Welsh))
RENAMES = {
    "disability": (("Disabled children", "Plant anabl"), ("Disability", "Anabledd")),
    "autism": (("Autistic children", "Plant awtistig"), ("Autism", "Awtistiaeth")),
    "substance_misuse": (
        ("Children who misuse drugs or alcohol", "Plant sy'n camddefnyddio cyffuriau neu alcohol"),
        ("Drug or alcohol misuse", "Camddefnyddio cyffuriau neu alcohol"),
    ),
    "cse_risk": (
        (
            "Children at risk of sexual exploitation",
            "Plant sydd mewn perygl o gamfanteisio rhywiol",
        ),
        ("Risk of sexual exploitation", "Perygl o gamfanteisio rhywiol"),
    ),
    "parent_and_child": (
        ("Parent and child assessments", "Asesiadau rhiant a phlentyn"),
        ("Parent and child placement", "Lleoliad rhiant a phlentyn"),
    ),
}

needs = sa.table(
    "needs",
    sa.column("code", sa.String),
    sa.column("name_en", sa.String),
    sa.column("name_cy", sa.String),
)


def _rename(forward: bool) -> None:
    for code, (old, new) in RENAMES.items():
        before, after = (old, new) if forward else (new, old)
        op.execute(
            needs.update()
            .where(
                needs.c.code == code,
                needs.c.name_en == before[0],
                needs.c.name_cy == before[1],
            )
            .values(name_en=after[0], name_cy=after[1])
        )


def upgrade():
    _rename(forward=True)


def downgrade():
    _rename(forward=False)
