"""Checks of what an applicant types: ID card number, unified social credit code, phone number.

One set of functions for every place a request is entered (the registrar's form, the CLI, the public
application page), so a number the desk accepts is accepted everywhere and the other way round. The
check digits are those of GB 11643 (公民身份号码) and GB 32100 (统一社会信用代码), computed by
`python-stdnum`; phone numbers are judged against China's numbering plan by `phonenumbers`.
"""

from __future__ import annotations

import phonenumbers
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError


def id_card_ok(text: str) -> bool:
    """An 18-character 公民身份号码 with a real birth date and the right check digit (GB 11643).

    The address code is not looked up: codes of counties since merged or renamed stay on valid cards
    (and `stdnum`'s own lookup fails with an exception on a code it does not know)."""
    number = text.strip().upper()
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        ric.get_birth_date(number)
    except ValidationError:
        return False
    return ric.calc_check_digit(number) == number[-1]


def credit_code_ok(text: str) -> bool:
    """An 18-character 统一社会信用代码 with the right check character (GB 32100)."""
    return uscc.is_valid(text.strip().upper())


def phone_ok(text: str) -> bool:
    """A mobile or fixed-line number valid in China (`13812345678`, `010-62345678`, `+86 …`)."""
    try:
        number = phonenumbers.parse(text.strip(), "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)
