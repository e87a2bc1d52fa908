"""Small-number suppression for published counts (the DfE rule: 5 or fewer is shown as "≤5")."""

from __future__ import annotations

SMALL = 5


def shown(count: int, thousands: bool = False) -> str:
    """`count` as it may be published: "≤5" when 1 to 5, else the number (0 stays 0)."""
    if 0 < count <= SMALL:
        return "≤5"
    return f"{count:,}" if thousands else str(count)
