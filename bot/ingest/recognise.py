"""Recognise a file by its header (never by its name)."""

from __future__ import annotations

# Loaded kinds: gias, gias_links, ks2, ks4, ks5, ees_ks4, census, absence, destinations, ofsted,
# postcodes, la_codes, admissions (DfE, LA level), allocations and allocation_criteria (a
# council's tables per school). Anything else is skipped with a reason.
LOADED_KINDS = (
    "la_codes", "gias", "gias_links", "postcodes", "ks2", "ks4", "ks5", "ees_ks4", "census",
    "absence", "destinations", "ofsted", "admissions", "allocations", "allocation_criteria",
)


def recognise(header: list[str]) -> tuple[str | None, str | None]:
    """(kind, None) for a loadable file, else (None or a skipped kind, the reason)."""
    cols = set(header)
    up = {h.upper() for h in header}
    low = {h.lower() for h in header}
    if not header or not any(header):
        return None, "empty file or no header"
    if "EstablishmentName" in cols and cols & {"URN", "LA (code)"}:
        return "gias", None
    if {"LINKURN", "LINKTYPE"} <= up:
        return "gias_links", None
    if any("inspection" in h.lower() for h in header) and (
        "Ofsted phase" in cols or any(h.startswith("Web Link") for h in header)
    ):
        return "ofsted", None
    if {"postcode", "latitude", "longitude"} <= low or {"postcode", "eastings", "northings"} <= low:
        return "postcodes", None
    if {"LEA", "LA NAME"} <= up:
        return "la_codes", None
    if {"COHORT", "OVERALL_DESTPER"} <= up:
        return "destinations", None
    if "RECTYPE" in up:
        if up & {"ATT8SCR", "P8MEA", "PTL2BASICS_94"}:
            return "ks4", None
        if up & {"PTRWM_EXP", "TELIG", "READPROG"}:
            return "ks2", None
        if any("1618" in h or "ALEV" in h for h in up):
            return "ks5", None
        return None, "performance table of an unknown key stage"
    if {"time_period", "geographic_level"} <= low:
        if "school_urn" in low and low & {"p8_banding", "t_pupils", "att8scr", "avg_att8"}:
            return "ees_ks4", None
        if low & {"applications_received", "first_preference_offers"} and "school_phase" in low:
            return "admissions", None
        return "ees_other", "Explore Education Statistics file with no known school measures"
    if {"NOR", "PNORG"} <= up:
        return "census", None
    if {"PERCTOT", "PPERSABS10"} <= up:
        return "absence", None
    if header[0].upper() == "COLUMN" and len(header) > 1 and header[1].upper() in {
        "FIELDNAME", "FIELD NAME", "METAFILE HEADING"
    }:
        return "metadata", "column metadata (descriptions of another file's columns)"
    if {"intake_year", "pan"} <= low:  # a council's allocation table (council figures, not DfE)
        return "allocations", None
    if {"intake_year", "criterion"} <= low:
        return "allocation_criteria", None
    shown = ", ".join(h[:30] for h in header[:4])
    return None, f"unrecognised header ({shown}{', ...' if len(header) > 4 else ''})"
