"""school positions (latitude/longitude), SEND provision, council allocation tables

Schools gain their WGS84 position (from GIAS Easting/Northing) and GIAS's SEND provision
(resourced provision / SEN unit, places, pupils, types of need). Two new tables hold a
council's allocation figures per school and intake year, and its offers by criterion. The
DfE's LA-level applications and offers go into `figures` (key stage "admissions").

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

from bot.geo import many_to_latlon


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

SCHOOL_COLUMNS = (
    ('latitude', sa.Float), ('longitude', sa.Float), ('sen_provision', lambda: sa.String(length=60)),
    ('rp_on_roll', sa.Integer), ('rp_capacity', sa.Integer), ('sen_unit_on_roll', sa.Integer),
    ('sen_unit_capacity', sa.Integer), ('sen_needs', lambda: sa.String(length=120)),
)


def upgrade() -> None:
    with op.batch_alter_table('schools') as batch:
        for name, kind in SCHOOL_COLUMNS:
            batch.add_column(sa.Column(name, kind(), nullable=True))
    _place_schools()
    op.create_table(
        'allocations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('la_code', sa.Integer(), nullable=False),
        sa.Column('estab', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('school_name', sa.String(length=300), nullable=True),
        sa.Column('pan', sa.Integer(), nullable=True),
        sa.Column('preferences', sa.Integer(), nullable=True),
        sa.Column('offered', sa.Integer(), nullable=True),
        sa.Column('last_distance', sa.Float(), nullable=True),
        sa.Column('source_file_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['source_file_id'], ['source_files.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('la_code', 'estab', 'year', name='uq_allocations'),
    )
    op.create_table(
        'allocation_criteria',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('la_code', sa.Integer(), nullable=False),
        sa.Column('estab', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('priority', sa.Integer(), nullable=False),
        sa.Column('criterion', sa.String(length=120), nullable=False),
        sa.Column('category', sa.String(length=120), nullable=True),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('offers', sa.Integer(), nullable=True),
        sa.Column('source_file_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['source_file_id'], ['source_files.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('la_code', 'estab', 'year', 'priority', 'criterion',
                            name='uq_allocation_criteria'),
    )


def _place_schools() -> None:
    """The position of every school already stored with an Easting/Northing. (Their SEND
    provision comes with the next GIAS extract loaded: an extract already loaded is not read
    again.)"""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT urn, easting, northing FROM schools WHERE easting IS NOT NULL AND northing IS NOT NULL")).all()
    points = many_to_latlon([r[1] for r in rows], [r[2] for r in rows])
    if rows:
        bind.execute(sa.text("UPDATE schools SET latitude = :lat, longitude = :lon WHERE urn = :urn"),
                     [{"urn": r[0], "lat": round(lat, 6), "lon": round(lon, 6)} for r, (lat, lon) in zip(rows, points)])


def downgrade() -> None:
    op.drop_table('allocation_criteria')
    op.drop_table('allocations')
    with op.batch_alter_table('schools') as batch:
        for name, _ in reversed(SCHOOL_COLUMNS):
            batch.drop_column(name)
