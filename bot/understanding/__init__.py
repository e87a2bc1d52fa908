"""Understanding parents' questions: `understand(text)` and school matching (`matcher.SchoolIndex`)."""

from bot.understanding.parse import Understanding, understand

__all__ = ["Understanding", "understand"]
