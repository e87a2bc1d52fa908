"""Alembic environment: runs migrations on the engine handed over by `bot.db.migrate`."""

from alembic import context

from bot.models import Base
import bot.questionlog.models  # noqa: F401  (question log tables join Base.metadata)

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    context.run_migrations()
