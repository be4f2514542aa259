"""Whether an applicant's identity number, organisation code or phone number can be genuine.

The check digits are defined by national standards — GB 11643 for the 18-digit citizen ID number (ISO 7064
MOD 11-2, with the birth date inside it), GB 32100 for the unified social credit code (MOD 31) — and
`python-stdnum` implements both (`stdnum.cn.ric`, `stdnum.cn.uscc`); phone numbers, mobile or fixed with
an area code, are checked against China's numbering plan by `phonenumbers` (Google's libphonenumber).
"""

from __future__ import annotations

import phonenumbers
from stdnum.cn import ric, uscc


def id_card_ok(text: str) -> bool:
    """An 18-digit citizen ID number with a real birth date and the right check digit (GB 11643)."""
    return ric.is_valid(text.strip())


def credit_code_ok(text: str) -> bool:
    """A unified social credit code with the right check character (GB 32100)."""
    return uscc.is_valid(text.strip())


def phone_ok(text: str) -> bool:
    """A Chinese mobile number, or a fixed-line number with its area code (`010-12345678`)."""
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text.strip(), "CN"))
    except phonenumbers.NumberParseException:
        return False
