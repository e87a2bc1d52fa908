"""The records' rows as real types: plain named tuples with the attribute names (and order) of the
tables' columns, so answers read a school, a figure or an inspection like the model, without ORM
identity overhead, and the type checker knows every field. A test checks they match the tables."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple


class FigureRow(NamedTuple):
    """A row of the figures table (the fields of bot.models.Figure)."""

    id: int
    area_key: str
    area: str
    urn: int | None
    la_code: int | None
    key_stage: str
    measure: str
    year: int
    value: float | None
    status: str | None
    text: str | None
    provisional: bool
    source_file_id: int


class SchoolRow(NamedTuple):
    """A row of the schools table (the fields of bot.models.School)."""

    urn: int
    name: str
    la_code: int | None
    la_name: str | None
    estab: int | None
    type_name: str | None
    type_group: str | None
    status: str | None
    is_open: bool
    phase: str | None
    low_age: int | None
    high_age: int | None
    gender: str | None
    religious_character: str | None
    admissions_policy: str | None
    sixth_form: str | None
    boarders: str | None
    nursery: str | None
    capacity: int | None
    pupils: int | None
    boys: int | None
    girls: int | None
    fsm_percent: float | None
    street: str | None
    locality: str | None
    address3: str | None
    town: str | None
    county: str | None
    postcode: str | None
    telephone: str | None
    website: str | None
    head_name: str | None
    trust_name: str | None
    easting: int | None
    northing: int | None
    latitude: float | None
    longitude: float | None
    sen_provision: str | None
    rp_on_roll: int | None
    rp_capacity: int | None
    sen_unit_on_roll: int | None
    sen_unit_capacity: int | None
    sen_needs: str | None
    open_date: date | None
    close_date: date | None
    reason_opened: str | None
    reason_closed: str | None
    ofsted_rating: str | None
    ofsted_last_inspection: date | None
    as_of: date | None
    demo: bool
    source_file_id: int | None


class InspectionRow(NamedTuple):
    """A row of the inspections table (the fields of bot.models.Inspection)."""

    id: int
    urn: int
    start_date: date
    publication_date: date | None
    framework: str
    kind: str
    overall: str | None
    outcome: str | None
    judgements: dict[str, Any] | None
    web_link: str | None
    inspection_number: str | None
    inspection_type: str | None
    inspected_urn: int | None
    inspected_name: str | None
    category_of_concern: str | None
    source_file_id: int | None
