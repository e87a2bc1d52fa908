"""Small official-format files written by hand (a KS4 performance table, a GIAS extract) for
ingest tests: a few rows each, in the official headers' columns."""

from __future__ import annotations

from pathlib import Path

KS4_HEADER = ("RECTYPE,LEA,ESTAB,URN,SCHNAME,TOWN,PCODE,NFTYPE,ICLOSE,AGERANGE,CONFEXAM,TOTPUPS,TPUP,"
              "ATT8SCR,P8PUP,P8MEA,P8CILOW,P8CIUPP,PTL2BASICS_94,P8_BANDING")
GIAS_HEADER = ('"URN","LA (code)","LA (name)","EstablishmentName","EstablishmentStatus (name)",'
               '"PhaseOfEducation (name)","Town","Postcode","LastChangedDate"')


def write(path: Path, lines: list[str], *, encoding: str = "utf-8", bom: bool = False) -> Path:
    """Write `lines` as a CSV file with Windows line ends (and a BOM if `bom`); its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "\r\n".join(lines).encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data + b"\r\n")
    return path


def ks4_file(folder: Path, year: str = "2018-2019", p8: str = "0.25", basics: str = "78%") -> Path:
    """A KS4 performance table of `year` for LA 850: three schools (one all status codes, one
    truncated row), the LA, England and England-state rows."""
    return write(folder / f"{year}_850_ks4final.csv", [
        KS4_HEADER,
        f"1,850,4001,900001,Alpha School,Alton,GU34 1AA,AC,0,11-16,R,900,150,50.1,140,{p8},0.05,0.45,{basics},Above average",
        "1,850,4002,900002,Beta School,Andover,SP10 1AA,CY,0,11-18,,SUPP,NE,NP,NA,LOWCOV,SP,RE,UNAVAIL,SUPP",
        "1,850,4003,900003,Gamma School,Fleet,GU51 1AA,F,0,11-18,,NEW",
        "4,850,,,,,,,,,,,,45.0,,0.02,,,65%,",
        "5,,,,,,,,,,,,,44.5,,,,,59.5%,",
        "7,,,,,,,,,,,,,46.5,,-0.03,,,64.4%,",
    ], bom=True)


def gias_file(path: Path, rows: list[str], encoding: str = "utf-8", bom: bool = False) -> Path:
    """A GIAS extract with the few columns of GIAS_HEADER and `rows`."""
    return write(path, [GIAS_HEADER, *rows], encoding=encoding, bom=bom)
