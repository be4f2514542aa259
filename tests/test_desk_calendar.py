"""Deadlines in working days across official holidays and make-up working days (调休)."""

from __future__ import annotations

from datetime import date

import pytest

from zfxxgk.desk.calendar import (
    Pause,
    add_working_days,
    covered,
    is_working_day,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 9, 29), True),  # Sunday, make-up day for 国庆 2024
        (date(2024, 10, 1), False),
        (date(2024, 10, 7), False),  # Monday inside the holiday
        (date(2024, 10, 12), True),  # Saturday, make-up day
        (date(2025, 1, 26), True),  # Sunday, make-up day for 春节 2025
        (date(2025, 1, 28), False),  # 除夕, holiday since 2025
        (date(2025, 2, 4), False),
        (date(2025, 2, 8), True),  # Saturday, make-up day
        (date(2025, 2, 9), False),  # an ordinary Sunday
        (date(2025, 9, 28), True),  # Sunday, make-up day for 国庆/中秋 2025
        (date(2025, 10, 8), False),
        (date(2025, 10, 11), True),  # Saturday, make-up day
    ],
)
def test_working_days_follow_the_holiday_notices(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("received", "expected", "why"),
    [
        # Friday before 国庆 2024: Sun 29 Sep and Mon 30 Sep count, 1–7 Oct do not, Sat 12 Oct does.
        (date(2024, 9, 27), date(2024, 10, 30), "国庆 2024"),
        # Friday before 春节 2025: Sun 26 Jan counts, 28 Jan–4 Feb do not, Sat 8 Feb does.
        (date(2025, 1, 24), date(2025, 2, 27), "春节 2025"),
        # The 2025 国庆 and 中秋 week is eight days long, with make-up days on 28 Sep and 11 Oct.
        (date(2025, 9, 26), date(2025, 10, 30), "国庆 2025"),
        # Received on a holiday: the first day counted is the first working day after it.
        (date(2024, 10, 3), date(2024, 11, 1), "received in a holiday"),
        # An ordinary stretch: four weeks of weekdays.
        (date(2024, 3, 1), date(2024, 3, 29), "no holiday"),
    ],
)
def test_the_20_working_day_limit(received: date, expected: date, why: str) -> None:
    assert add_working_days(received, 20) == expected, why
    assert working_days_between(received, expected) == 20


def test_correction_notice_limit_across_spring_festival() -> None:
    """7 working days to send a 补正 notice for a request received on 24 January 2025."""
    assert add_working_days(date(2025, 1, 24), 7) == date(2025, 2, 10)


def test_paused_days_do_not_count() -> None:
    """A third party consulted on 8 Oct 2024 answers on 15 Oct: six working days (make-up Saturday 12 Oct among them) are added back."""
    pause = Pause(date(2024, 10, 8), date(2024, 10, 15))
    plain = add_working_days(date(2024, 9, 27), 20)
    paused = add_working_days(date(2024, 9, 27), 20, [pause])
    assert working_days_between(plain, paused) == working_days_between(pause.start, pause.end)
    assert paused == date(2024, 11, 7)


def test_a_year_without_a_notice_falls_back_to_weekdays() -> None:
    assert not covered(date(2099, 5, 1))
    assert is_working_day(date(2099, 5, 1)) is True  # a Friday
    assert add_working_days(date(2099, 5, 1), 5) == date(2099, 5, 8)


def test_counting_backwards_is_negative() -> None:
    assert working_days_between(date(2024, 10, 30), date(2024, 9, 27)) == -20
