"""question log

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'question_log',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('asked_at', sa.DateTime(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('week', sa.String(length=8), nullable=False),
        sa.Column('channel', sa.String(length=30), nullable=False),
        sa.Column('chat_type', sa.String(length=20), nullable=True),
        sa.Column('intent', sa.String(length=30), nullable=False),
        sa.Column('topic', sa.String(length=60), nullable=True),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('confidence', sa.Float(), nullable=True),
        sa.Column('latency_ms', sa.Integer(), nullable=False),
        sa.Column('la_code', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('user_hash', sa.String(length=32), nullable=True),
        sa.Column('bucket', sa.SmallInteger(), nullable=False),
        sa.Column('useful', sa.Boolean(), nullable=True),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('feedback_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_question_log_day', 'question_log', ['day'])
    op.create_index('ix_question_log_asked_at', 'question_log', ['asked_at'])
    op.create_index('ix_question_log_user_hash', 'question_log', ['user_hash'])
    op.create_table(
        'question_log_schools',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.String(length=32), nullable=False),
        sa.Column('urn', sa.Integer(), nullable=False),
        sa.Column('la_code', sa.Integer(), nullable=True),
        sa.Column('day', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_question_log_schools_question_id', 'question_log_schools', ['question_id'])
    op.create_index('ix_question_log_schools_day', 'question_log_schools', ['day'])


def downgrade() -> None:
    op.drop_table('question_log_schools')
    op.drop_table('question_log')
