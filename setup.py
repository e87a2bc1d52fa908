"""Packages of the wheel: every package under bot/, plus knowledge/ (at the top of the repository)
installed as bot.knowledge. The rest of the build configuration is in pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["bot", "bot.*"]), "bot.knowledge"])
