"""Working days as the State Council's holiday notices define them, and time limits counted in them.

The 条例 counts its limits in 工作日: weekends are off except the make-up days (调休上班) the annual notice
sets, and the public holidays are off even on weekdays. `chinese-calendar` carries every notice since 2004;
for a year it does not know yet, weekdays stand in and `covered` says the deadline is provisional.

A period runs from the day after its start (民法典 第二百零一条): the limit of 20 working days from a
request received on Friday 27 September 2024 ends on 30 October 2024, the 国庆 week skipped and the two
make-up Saturdays/Sundays counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

ONE_DAY = timedelta(days=1)


def covered(day: date) -> bool:
    """Whether the holiday notice for this day's year is known (else weekdays stand in)."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


@dataclass(frozen=True, slots=True)
class Pause:
    """Days that do not count against a limit: those after `start` up to and including `end`.

    征求第三方意见 and the wait for a fee to be paid stop the clock (条例 第三十三条第三款; 《政府信息公开
    信息处理费管理办法》第七条); the clock runs again the day after the pause ends.
    """

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start < day <= self.end


def add_working_days(start: date, days: int, pauses: Iterable[Pause] = ()) -> date:
    """The day on which a limit of `days` working days from `start` ends, paused days not counted."""
    pauses = tuple(pauses)
    day, counted = start, 0
    while counted < days:
        day += ONE_DAY
        if is_working_day(day) and not any(day in p for p in pauses):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` comes first)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + n * ONE_DAY))
