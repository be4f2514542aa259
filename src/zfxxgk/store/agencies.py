"""Which stored agency a printed name means.

Reports name their agency inconsistently: `西园街道` in one year, `晋江市西园街道办事处` in the next. Two
names are taken for one agency when the longer is the shorter with only a region prefix in front
(`晋江市`, `威海市文登区`) and at most a completion behind that does not make it another body
(`街道` → `街道办事处`, `镇` → `镇人民政府`; never `人民政府` → `人民政府办公室`). A short name that would
fit several stored agencies matches none: a wrong merge is worse than a second entry.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import literal, or_, select
from sqlalchemy.orm import Session

from ..read.normalize import compact, to_simplified
from .schema import Agency, AgencyAlias

_REGION = re.compile(r"^(?:[\u4e00-\u9fff]{1,10}?(?:省|自治区|特别行政区|市|自治州|州|地区|盟|自治县|县|自治旗|旗|区))+$")
_COMPLETIONS = ("", "办事处", "人民政府")


def normalize_name(name: str) -> str:
    """The key names are compared on: NFKC, simplified characters, no spaces or punctuation."""
    return compact(to_simplified(unicodedata.normalize("NFKC", name)))


def same_body(short: str, long: str) -> bool:
    """Whether `long` is `short` with a region prefix in front and a harmless completion behind."""
    if short == long:
        return True
    if len(short) < 2:
        return False
    at = long.find(short)
    if at < 0:
        return False
    prefix, suffix = long[:at], long[at + len(short) :]
    return (not prefix or _REGION.match(prefix) is not None) and suffix in _COMPLETIONS


def names_match(a: str, b: str) -> bool:
    a, b = normalize_name(a), normalize_name(b)
    short, long = sorted((a, b), key=len)
    return same_body(short, long)


@dataclass(frozen=True, slots=True)
class AgencyInfo:
    id: int
    name: str
    aliases: tuple[str, ...]


def find(session: Session, name: str) -> Agency | None:
    """The agency this name means: an exact alias, else the one agency whose names it matches."""
    key = normalize_name(name)
    return _by_alias(session, key) or _matching(session, key)


def _by_alias(session: Session, key: str) -> Agency | None:
    return session.scalar(select(Agency).join(AgencyAlias).where(AgencyAlias.alias == key))


def _matching(session: Session, key: str) -> Agency | None:
    """The one agency with a spelling this name matches (region prefix, completion); None for none or
    several, since a wrong merge is worse than a second entry."""
    candidates = _candidates(session, key)
    return next(iter(candidates.values())) if len(candidates) == 1 else None


def _candidates(session: Session, key: str) -> dict[int, Agency]:
    """Every stored agency with a spelling this name matches, by id."""
    candidates: dict[int, Agency] = {}
    overlapping = select(AgencyAlias).where(or_(AgencyAlias.alias.contains(key), literal(key).contains(AgencyAlias.alias)))
    for alias in session.scalars(overlapping):
        short, long = sorted((key, alias.alias), key=len)
        if same_body(short, long):
            candidates[alias.agency_id] = alias.agency
    return candidates


def resolve(session: Session, name: str) -> Agency:
    """The agency for a printed name, creating it or recording the new spelling as an alias.

    The agency's display name becomes the longest spelling seen, which is the most specific one.
    """
    return resolve_many(session, [name])[normalize_name(name)]


def resolve_many(session: Session, names: list[str]) -> dict[str, Agency]:
    """`resolve` for many names, as if one after the other, by normalised name: one query finds the
    known spellings, one per new spelling its matches among the stored agencies (those created for
    earlier names are matched here), and the new agencies and aliases are written in one flush."""
    spellings: dict[str, str] = {}
    for name in names:
        spellings.setdefault(normalize_name(name), name)
    found: dict[str, Agency] = {}
    keys = list(spellings)
    for start in range(0, len(keys), 900):
        query = select(AgencyAlias.alias, Agency).join(Agency).where(AgencyAlias.alias.in_(keys[start : start + 900]))
        found.update((alias, agency) for alias, agency in session.execute(query))
    added: dict[str, Agency] = {}  # spellings new in this call: not yet in the database
    with session.no_autoflush:
        for key, name in spellings.items():
            if key in found:
                continue
            candidates = {id(a): a for a in _candidates(session, key).values()}
            candidates.update({id(a): a for other, a in added.items() if same_body(*sorted((key, other), key=len))})
            agency = next(iter(candidates.values())) if len(candidates) == 1 else None
            if agency is None:
                agency = Agency(name=name.strip())
                session.add(agency)
            session.add(AgencyAlias(agency=agency, alias=key))
            if len(key) > len(normalize_name(agency.name)):
                agency.name = name.strip()
            found[key] = added[key] = agency
    session.flush()
    return {key: found[key] for key in spellings}


def add_alias(session: Session, agency_name: str, alias: str) -> Agency:
    """Declare that `alias` names the same agency as `agency_name` (which must be known)."""
    agency = find(session, agency_name)
    if agency is None:
        raise LookupError(agency_name)
    key = normalize_name(alias)
    existing = session.scalar(select(AgencyAlias).where(AgencyAlias.alias == key))
    if existing is None:
        session.add(AgencyAlias(agency_id=agency.id, alias=key))
    elif existing.agency_id != agency.id:
        raise ValueError(f"{alias} already names another agency")
    session.flush()
    return agency


def listing(session: Session) -> list[AgencyInfo]:
    agencies = session.scalars(select(Agency).order_by(Agency.name))
    return [AgencyInfo(a.id, a.name, tuple(sorted(x.alias for x in a.aliases))) for a in agencies]
