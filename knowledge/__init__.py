"""Schoolbot's words as data (YAML and jinja2). Installed as the package `bot.knowledge`, so the
files travel inside the wheel; find them with `bot.knowledge_files`, never by path."""
