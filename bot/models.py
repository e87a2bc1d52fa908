"""The records store: SQLAlchemy 2 models shaped for parents' questions.

A school is keyed by its URN. Figures (results, census, absence, destinations) are one row per
area, measure and academic year, where an area is a school, a local authority or England, so an
answer finds the school's figure and its LA and England comparators from the same source file.
A figure holds either a numeric `value` or a typed `status` (SUPP, NE, NP, ...), never both
blank: a status code is a reason, not a zero.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    if TYPE_CHECKING:  # every model here maps one Table (DeclarativeBase says only FromClause)
        __table__: ClassVar[Table]


class SourceFile(Base):
    """One ingested official file; re-ingesting the same bytes (same sha256) changes nothing."""

    __tablename__ = "source_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    year: Mapped[int | None] = mapped_column(Integer)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    rows_loaded: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)
    loaded_at: Mapped[datetime] = mapped_column(DateTime)


class LocalAuthority(Base):
    __tablename__ = "local_authorities"

    code: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(120))


class School(Base):
    """An establishment from GIAS (or, where GIAS lacks it, from a performance table)."""

    __tablename__ = "schools"

    urn: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(300))
    la_code: Mapped[int | None] = mapped_column(Integer, index=True)
    la_name: Mapped[str | None] = mapped_column(String(120))
    estab: Mapped[int | None] = mapped_column(Integer)
    type_name: Mapped[str | None] = mapped_column(String(120))
    type_group: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str | None] = mapped_column(String(60))
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    phase: Mapped[str | None] = mapped_column(String(60))
    low_age: Mapped[int | None] = mapped_column(Integer)
    high_age: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(30))
    religious_character: Mapped[str | None] = mapped_column(String(120))
    admissions_policy: Mapped[str | None] = mapped_column(String(60))
    sixth_form: Mapped[str | None] = mapped_column(String(60))
    boarders: Mapped[str | None] = mapped_column(String(60))
    nursery: Mapped[str | None] = mapped_column(String(60))
    capacity: Mapped[int | None] = mapped_column(Integer)
    pupils: Mapped[int | None] = mapped_column(Integer)
    boys: Mapped[int | None] = mapped_column(Integer)
    girls: Mapped[int | None] = mapped_column(Integer)
    fsm_percent: Mapped[float | None] = mapped_column(Float)
    street: Mapped[str | None] = mapped_column(String(200))
    locality: Mapped[str | None] = mapped_column(String(200))
    address3: Mapped[str | None] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(120), index=True)
    county: Mapped[str | None] = mapped_column(String(120))
    postcode: Mapped[str | None] = mapped_column(String(10), index=True)
    telephone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    head_name: Mapped[str | None] = mapped_column(String(200))
    trust_name: Mapped[str | None] = mapped_column(String(300))
    easting: Mapped[int | None] = mapped_column(Integer)
    northing: Mapped[int | None] = mapped_column(Integer)
    # WGS84 position from Easting/Northing (British National Grid), converted at ingest
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # SEND provision (GIAS): resourced provision and/or SEN unit, places and pupils, and the
    # types of need provided for as GIAS codes ("SLCN;ASD"), in GIAS's order
    sen_provision: Mapped[str | None] = mapped_column(String(60))
    rp_on_roll: Mapped[int | None] = mapped_column(Integer)
    rp_capacity: Mapped[int | None] = mapped_column(Integer)
    sen_unit_on_roll: Mapped[int | None] = mapped_column(Integer)
    sen_unit_capacity: Mapped[int | None] = mapped_column(Integer)
    sen_needs: Mapped[str | None] = mapped_column(String(120))
    open_date: Mapped[date | None] = mapped_column(Date)
    close_date: Mapped[date | None] = mapped_column(Date)
    reason_opened: Mapped[str | None] = mapped_column(String(120))
    reason_closed: Mapped[str | None] = mapped_column(String(120))
    ofsted_rating: Mapped[str | None] = mapped_column(String(60))
    ofsted_last_inspection: Mapped[date | None] = mapped_column(Date)
    # The date of the extract this row came from: an older extract never overwrites a newer one.
    as_of: Mapped[date | None] = mapped_column(Date)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_files.id"))


class SchoolName(Base):
    """Every name a school is known by: current, former (from older extracts, links), alias."""

    __tablename__ = "school_names"
    __table_args__ = (UniqueConstraint("urn", "name", name="uq_school_names_urn_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    urn: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # current | former


class SchoolLink(Base):
    """A GIAS link between establishments (Predecessor, Successor, Predecessor - merged, ...)."""

    __tablename__ = "school_links"
    __table_args__ = (
        UniqueConstraint("urn", "link_urn", "link_type", name="uq_school_links"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    urn: Mapped[int] = mapped_column(Integer, index=True)
    link_urn: Mapped[int] = mapped_column(Integer, index=True)
    link_name: Mapped[str | None] = mapped_column(String(300))
    link_type: Mapped[str] = mapped_column(String(120))
    link_date: Mapped[date | None] = mapped_column(Date)
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_files.id"))


class Figure(Base):
    """One measure for one area (school, LA or England) in one academic year.

    `year` is the academic year's ending calendar year (2019 means 2018/19). Exactly one of
    `value` and `status` is set; `text` carries a published label where there is one
    (e.g. a Progress 8 banding).
    """

    __tablename__ = "figures"
    __table_args__ = (
        UniqueConstraint(
            "area_key", "key_stage", "measure", "year", "provisional", name="uq_figures_area_measure_year"
        ),
        Index("ix_figures_urn_measure", "urn", "measure"),
        Index("ix_figures_comparator", "key_stage", "measure", "year", "area"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_key: Mapped[str] = mapped_column(String(40))  # "school:123456" | "la:850" | "england" | "england_state"
    area: Mapped[str] = mapped_column(String(20))  # school | la | england | england_state
    urn: Mapped[int | None] = mapped_column(Integer)
    la_code: Mapped[int | None] = mapped_column(Integer)
    key_stage: Mapped[str] = mapped_column(String(20))  # ks2 | ks4 | ks5 | census | absence | destinations | admissions
    measure: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str | None] = mapped_column(String(12))
    text: Mapped[str | None] = mapped_column(String(120))
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id"))


class Allocation(Base):
    """A council's allocation figures for one school and intake year (e.g. Surrey's Waverley
    tables): council figures, not DfE data. Keyed by the school's LA and establishment number
    (the council's "DfE number", 936/2917), which a converted school may no longer carry."""

    __tablename__ = "allocations"
    __table_args__ = (UniqueConstraint("la_code", "estab", "year", name="uq_allocations"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    la_code: Mapped[int] = mapped_column(Integer)
    estab: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)  # the intake year: 2018 = entry in September 2018
    school_name: Mapped[str | None] = mapped_column(String(300))
    pan: Mapped[int | None] = mapped_column(Integer)  # published admission number
    preferences: Mapped[int | None] = mapped_column(Integer)
    offered: Mapped[int | None] = mapped_column(Integer)
    last_distance: Mapped[float | None] = mapped_column(Float)  # miles
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id"))


class AllocationCriterion(Base):
    """How many of a school's places in an intake year went under one admission criterion."""

    __tablename__ = "allocation_criteria"
    __table_args__ = (
        UniqueConstraint("la_code", "estab", "year", "priority", "criterion", name="uq_allocation_criteria"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    la_code: Mapped[int] = mapped_column(Integer)
    estab: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    priority: Mapped[int] = mapped_column(Integer)
    criterion: Mapped[str] = mapped_column(String(120))
    category: Mapped[str | None] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    offers: Mapped[int | None] = mapped_column(Integer)
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id"))


class Inspection(Base):
    """An Ofsted inspection; `framework` is EIF2019 | interim2024 | reportcard2025 | gias."""

    __tablename__ = "inspections"
    __table_args__ = (UniqueConstraint("urn", "start_date", "kind", name="uq_inspections"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    urn: Mapped[int] = mapped_column(Integer, index=True)
    start_date: Mapped[date] = mapped_column(Date)
    publication_date: Mapped[date | None] = mapped_column(Date)
    framework: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))  # graded | ungraded | report_card
    overall: Mapped[str | None] = mapped_column(String(60))
    outcome: Mapped[str | None] = mapped_column(String(200))
    judgements: Mapped[dict | None] = mapped_column(JSON)
    web_link: Mapped[str | None] = mapped_column(String(300))
    inspection_number: Mapped[str | None] = mapped_column(String(20))
    inspection_type: Mapped[str | None] = mapped_column(String(120))
    # The URN and name the school had when inspected: differs from `urn` when the grade belongs
    # to a predecessor school (e.g. before an academy conversion).
    inspected_urn: Mapped[int | None] = mapped_column(Integer)
    inspected_name: Mapped[str | None] = mapped_column(String(300))
    category_of_concern: Mapped[str | None] = mapped_column(String(60))
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_files.id"))


class Postcode(Base):
    """A postcode district (outcode) centroid."""

    __tablename__ = "postcodes"

    district: Mapped[str] = mapped_column(String(8), primary_key=True)
    easting: Mapped[int | None] = mapped_column(Integer)
    northing: Mapped[int | None] = mapped_column(Integer)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    town: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(120))


class Conversation(Base):
    """Conversation state (last schools, pending clarification) keyed by a hashed chat key."""

    __tablename__ = "conversations"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    state: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
