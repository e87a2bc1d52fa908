"""Commands: placeholder until its area lands."""

COMMANDS: list = []
