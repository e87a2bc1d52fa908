"""The one rule for every count Schoolbot publishes (export, review, /review): nothing below it
can be recovered, from one publication or from several.

1. **Whole ISO weeks only.** A publication covers whole weeks (Monday to Sunday, UTC) that have
   ended and lie wholly inside the retention window. Two publications over overlapping periods
   therefore share whole weeks, and a week's cells are the same in both: subtracting them
   gives nothing. (With days, "1 March to 7 March" minus "2 March to 7 March" is 1 March.)
2. **One table of cells.** The questions of those weeks are counted in one table, by week, LA,
   intent, outcome, topic, channel, feedback and local answer. Every published figure — an
   export row, a review total, a share, a week's change — is a sum of the *rounded* values of
   some of its cells, never of raw counts.
3. **Each cell rounded with a secret random key.** A cell's count is rounded to a multiple of 5,
   up with probability (count mod 5) / 5, else down, so sums stay unbiased. The draw is the
   cell's key: the sum of its questions' record keys (`question_log.bucket`, uniform 0–999,
   random per question, never published) modulo 1000. The same questions always draw the
   same way, so every publication shows a cell alike; nobody outside can compute the draw.
4. **Small figures shown as "≤5".** A figure over at least one question whose rounded value is
   5 or less is shown as "≤5"; free-text themes only from 10 questions.

Why no count of 1 to 5 can be recovered: everything published is a function of the cells'
rounded values (and of which cells are empty). Even an attacker who learned every cell's
rounded value knows of a cell of 1 to 4 questions only that it rounded to 0 (then it held 1–4)
or to 5 (then 1–9), since the key that decided it is secret and uniform; no combination of
figures narrows a cell, or a sum of cells, to one value. Rounding alone would not do: figures
rounded separately from exact counts can pin a cell (four cells rounded to 5, each at least 3,
beside a total rounded to 10, leave only 3+3+3+3 = 12), and suppression alone leaks through
totals and overlapping periods. A change to the log between two publications (a late 👍/👎,
/forget, the retention purge) changes a cell's questions, so it draws anew: the pair shows two
rounded values of two counts, which again pins neither.
"""

from __future__ import annotations

from collections.abc import Iterable

SMALL = 5  # counts of this or fewer are never shown (the DfE's rule for small numbers)
BASE = 5  # every published count is a multiple of this
KEYS = 1000  # record keys are 0..KEYS-1
SHOWN_SMALL = "≤5"
RULE = (f"Counts are of questions in whole ISO weeks. Each cell of the table (week × LA × intent "
        f"× outcome × topic × channel × feedback × local answer) is rounded to a multiple of {BASE}: "
        f"up with probability (count mod {BASE})/{BASE}, else down, decided by a secret key drawn "
        f"from its questions, so the same cell is always shown alike. Every published figure is a "
        f"sum of rounded cells; a figure of {SMALL} or less over at least one question is shown "
        f"as \"{SHOWN_SMALL}\". Themes of free text are shown only from 10 questions.")


def rounded(count: int, key: int) -> int:
    """`count` rounded to a multiple of BASE, up with probability (count mod BASE)/BASE: up when
    the cell's key (uniform over 0..KEYS-1) falls below that share of KEYS."""
    low, rest = divmod(int(count), BASE)
    up = rest > 0 and (int(key) % KEYS) * BASE < rest * KEYS
    return BASE * (low + up)


def published(values: Iterable[int], questions: bool) -> int:
    """A figure from the rounded values of its cells: their sum, or SMALL (shown "≤5") when that
    is SMALL or less but the cells hold at least one question (`questions`); 0 for none."""
    total = sum(values)
    return SMALL if questions and total <= SMALL else total


def shown(count: int, thousands: bool = False) -> str:
    """A published count as shown: "≤5" when 1 to 5, else the number (0 stays 0)."""
    if 0 < count <= SMALL:
        return SHOWN_SMALL
    return f"{count:,}" if thousands else str(count)
