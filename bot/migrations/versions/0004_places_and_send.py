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


def downgrade() -> None:
    op.drop_table('allocation_criteria')
    op.drop_table('allocations')
    with op.batch_alter_table('schools') as batch:
        for name, _ in reversed(SCHOOL_COLUMNS):
            batch.drop_column(name)
