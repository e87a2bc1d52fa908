"""local answers, which one a logged question was served, and indexes for one LA's review

Operators' local answers live with the bot's own state (on SQLite in the state file, which
bot.db creates from the models when a table is missing), so writing one never waits for an
ingest. The question log gains `local_answer_id`. On SQLite the state file's tables may already
be at this schema (a new state file is created from the models): each step checks first.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

from bot.db import STATE, has_state_file

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def _columns(bind, schema: str, table: str) -> set[str]:
    return {row[1] for row in bind.exec_driver_sql(f'PRAGMA {schema}.table_info("{table}")')}


def _local_answers(schema: str | None = None) -> None:
    op.create_table(
        'local_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('topic', sa.String(length=60), nullable=False),
        sa.Column('la_code', sa.Integer(), nullable=True),
        sa.Column('urn', sa.Integer(), nullable=True),
        sa.Column('organisation', sa.String(length=120), nullable=False),
        sa.Column('source', sa.String(length=500), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('expires', sa.Date(), nullable=True),
        sa.Column('retired_at', sa.DateTime(), nullable=True),
        sa.Column('added_via', sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        schema=schema,
    )
    op.create_index('ix_local_answers_topic', 'local_answers', ['topic'], schema=schema)


def upgrade() -> None:
    bind = op.get_bind()
    if has_state_file(bind.engine):
        tables = {r[0] for r in bind.exec_driver_sql(f"SELECT name FROM {STATE}.sqlite_master WHERE type = 'table'")}
        if 'local_answers' not in tables:
            _local_answers(STATE)
        if 'local_answer_id' not in _columns(bind, STATE, 'question_log'):
            bind.exec_driver_sql(f'ALTER TABLE {STATE}.question_log ADD COLUMN local_answer_id INTEGER')
        for name, table in (('ix_question_log_la_day', 'question_log'),
                            ('ix_question_log_schools_la_day', 'question_log_schools')):
            bind.exec_driver_sql(f'CREATE INDEX IF NOT EXISTS {STATE}.{name} ON {table} (la_code, day)')
        return
    _local_answers()
    op.add_column('question_log', sa.Column('local_answer_id', sa.Integer(), nullable=True))
    op.create_index('ix_question_log_la_day', 'question_log', ['la_code', 'day'])
    op.create_index('ix_question_log_schools_la_day', 'question_log_schools', ['la_code', 'day'])


def downgrade() -> None:
    bind = op.get_bind()
    if has_state_file(bind.engine):
        bind.exec_driver_sql(f'DROP INDEX IF EXISTS {STATE}.ix_question_log_la_day')
        bind.exec_driver_sql(f'DROP INDEX IF EXISTS {STATE}.ix_question_log_schools_la_day')
        bind.exec_driver_sql(f'DROP TABLE IF EXISTS {STATE}.local_answers')
        if 'local_answer_id' in _columns(bind, STATE, 'question_log'):
            bind.exec_driver_sql(f'ALTER TABLE {STATE}.question_log DROP COLUMN local_answer_id')
        return
    op.drop_index('ix_question_log_la_day', table_name='question_log')
    op.drop_index('ix_question_log_schools_la_day', table_name='question_log_schools')
    with op.batch_alter_table('question_log') as batch:
        batch.drop_column('local_answer_id')
    op.drop_index('ix_local_answers_topic', table_name='local_answers')
    op.drop_table('local_answers')
