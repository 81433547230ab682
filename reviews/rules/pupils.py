"""Pupils: year groups and Unique Pupil Numbers."""

from __future__ import annotations

from datetime import date


def academic_year_start(d: date) -> date:
    """1 September of the academic year (September to August) containing d.

    Source: DESIGN.md (school years in England and Wales run 1 September to 31 August).
    """
    return date(d.year if d.month >= 9 else d.year - 1, 9, 1)


def year_group_for(date_of_birth: date, on_date: date) -> int:
    """A pupil's national curriculum year group on on_date: 0 is Reception, 1 to 13 Years 1-13.

    Source: 003_db4daf6c9cf2ba51.txt Pupil Passport ("Current Year Group"), England and Wales
    admissions: a child born from 1 September of year Y to 31 August of year Y+1 starts Reception
    in September of Y+5, the September after their 4th birthday. Negative for children not yet
    in Reception (-1 is the nursery year). Pupils held back or moved up must be recorded by hand.
    """
    if on_date < date_of_birth:
        raise ValueError(f"{on_date} is before the date of birth {date_of_birth}")
    reception_year = academic_year_start(date_of_birth).year + 5
    return academic_year_start(on_date).year - reception_year


_UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"  # A=0 ... Z=22; no I, O or S


def _upn_body_values(body12: str) -> list[int] | None:
    """Numeric values of UPN characters 2-13, or None if the body is malformed."""
    if len(body12) != 12 or not body12[:11].isascii() or not body12[:11].isdigit():
        return None
    last = body12[11]
    if last.isascii() and last.isdigit():
        tail = int(last)
    elif last in _UPN_ALPHABET:
        tail = _UPN_ALPHABET.index(last)
    else:
        return None
    return [int(c) for c in body12[:11]] + [tail]


def upn_check_letter(body12: str) -> str:
    """The check letter (character 1) of a UPN whose characters 2-13 are body12.

    Source: DfE "Unique Pupil Numbers (UPN)" guidance and the Common Basic Data Set, needed for
    the Pupil Passport of 003_db4daf6c9cf2ba51.txt. Characters 2-13 are weighted 2 to 13, summed,
    and the sum modulo 23 indexes ABCDEFGHJKLMNPQRTUVWXYZ. Character 13 of a temporary UPN is a
    letter of that alphabet and counts as its index (A=0 ... Z=22). Raises ValueError if body12
    is not 11 digits followed by a digit or such a letter (case-insensitive).
    """
    values = _upn_body_values(body12.strip().upper())
    if values is None:
        raise ValueError(f"not the 12 characters after a UPN's check letter: {body12!r}")
    total = sum(weight * value for weight, value in zip(range(2, 14), values, strict=True))
    return _UPN_ALPHABET[total % 23]


def is_valid_upn(upn: str) -> bool:
    """True when upn is a well-formed Unique Pupil Number with the right check letter.

    Source: DfE UPN guidance (see ``upn_check_letter``); 003_db4daf6c9cf2ba51.txt Pupil Passport.
    13 characters: check letter, LA code (3 digits), DfE establishment number (4), year of issue
    (2), serial (2 digits then a digit, or a letter for a temporary UPN). Case-insensitive;
    surrounding whitespace is ignored.
    """
    if not isinstance(upn, str):
        return False
    value = upn.strip().upper()
    if len(value) != 13 or _upn_body_values(value[1:]) is None:
        return False
    return value[0] == upn_check_letter(value[1:])


def is_temporary_upn(upn: str) -> bool:
    """True when upn is a valid temporary UPN (a letter in character 13).

    Source: DfE UPN guidance: a school allocates a temporary UPN until the permanent one is
    known; the product flags it so that the permanent number is chased.
    """
    return is_valid_upn(upn) and upn.strip().upper()[12].isalpha()
