"""Clock arithmetic and clock states: pure functions, no temp dirs.

England's bank holidays below are written out by hand from the published list (gov.uk/bank-holidays),
so the `holidays` package and our use of it are both checked against the source.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scr_cli.review.clocks import ClockStatus, WorkingCalendar, add_months, clock_status, shift
from scr_cli.review.model import Event, Pos, Review, ReviewInfo
from scr_cli.review.regime import Length
from scr_cli.store import bankholidays, loader

PUBLISHED_ENGLAND = {
    2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25",
           "2025-12-26"],
    2026: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25",
           "2026-12-28"],  # Boxing Day is a Saturday: substitute Monday 28 December
    2027: ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27",
           "2027-12-28"],  # Christmas Day and Boxing Day fall at the weekend: substitutes 27 and 28 December
    2028: ["2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25",
           "2028-12-26"],  # New Year's Day is a Saturday: substitute Monday 3 January
}
EASTER_SUNDAY = {2025: date(2025, 4, 20), 2026: date(2026, 4, 5), 2027: date(2027, 3, 28), 2028: date(2028, 4, 16)}

REGIME = loader.load_regime("scr-2015")
SPECS = {c.id: c for c in REGIME.clocks}


def review_with(*events: tuple[Any, ...], extra: tuple[date, ...] = ()) -> Review:
    """A review holding only these events: (event id, ISO date[, {field: value}])."""
    built = []
    for i, item in enumerate(events):
        fields = dict(item[2]) if len(item) > 2 else {}
        built.append(Event(item[0], date.fromisoformat(item[1]), Pos("log.yaml", i + 4, 5), "", fields, i))
    info = ReviewInfo("SCR-T-01", "Testshire", "scr-2015", "Child Q", Pos("review.yaml"))
    return Review("/nonexistent", info, (), (), tuple(built), (), (), (), extra)


def england(start_year: int = 2025, end_year: int = 2028) -> frozenset[date]:
    days: set[date] = set()
    for year in range(start_year, end_year + 1):
        days |= bankholidays.for_review(review_with(("referral-received", f"{year}-06-01")), date(year, 6, 1))
    return frozenset(days)


HOLIDAYS = england()
CAL = WorkingCalendar(HOLIDAYS)


def clock(clock_id: str, review: Review, today: str) -> ClockStatus:
    return clock_status(SPECS[clock_id], review, REGIME, date.fromisoformat(today), CAL)


# --- bank holidays ---

@pytest.mark.parametrize("year", sorted(PUBLISHED_ENGLAND))
def test_working_day_holidays_match_the_published_list(year: int) -> None:
    published = {date.fromisoformat(d) for d in PUBLISHED_ENGLAND[year]}
    ours = {d for d in HOLIDAYS if d.year == year and d.weekday() < 5}  # weekend dates change no count
    assert ours == published
    package = {d for d in bankholidays.from_package([year]) if d.weekday() < 5}
    assert package == published


@pytest.mark.parametrize("year", sorted(EASTER_SUNDAY))
def test_easter_friday_and_monday_are_holidays(year: int) -> None:
    easter = EASTER_SUNDAY[year]
    assert easter - timedelta(days=2) in HOLIDAYS
    assert easter + timedelta(days=1) in HOLIDAYS
    assert not CAL.is_working_day(easter - timedelta(days=2))


@pytest.mark.parametrize("day", ["2026-12-28", "2027-12-27", "2027-12-28", "2028-01-03"])
def test_substitute_days_are_not_working_days(day: str) -> None:
    assert not CAL.is_working_day(date.fromisoformat(day))


def test_extra_bank_holidays_from_the_review_are_added() -> None:
    extra = date(2027, 6, 7)
    review = review_with(("referral-received", "2027-06-01"), extra=(extra,))
    assert extra in bankholidays.for_review(review, date(2027, 6, 1))
    assert extra not in HOLIDAYS


def test_holidays_cover_the_years_of_every_event() -> None:
    review = review_with(("incident-known", "2025-12-20"))
    days = bankholidays.for_review(review, date(2028, 1, 2))
    assert date(2025, 12, 25) in days and date(2028, 1, 3) in days and date(2029, 1, 1) in days


# --- working-day and calendar arithmetic ---

def test_issue_example_national_panel_due_wednesday_30_december() -> None:
    review = review_with(("incident-known", "2026-12-21"))
    status = clock("national-panel-notification", review, "2026-12-21")
    assert status.due == date(2026, 12, 30)
    assert date(2026, 12, 21).weekday() == 0 and status.due.weekday() == 2
    assert status.state == "running" and status.working_days_left == 5


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-12-24", 1, "2026-12-29"),  # Christmas, weekend, Boxing Day substitute
        ("2027-12-24", 1, "2027-12-29"),  # both substitutes
        ("2027-12-31", 1, "2028-01-04"),  # New Year substitute
        ("2027-03-25", 1, "2027-03-30"),  # Good Friday and Easter Monday
        ("2026-11-27", 1, "2026-11-30"),  # Friday -> Monday
        ("2026-11-28", 0, "2026-11-28"),  # zero days: the day itself, even on a Saturday
        ("2026-11-28", 1, "2026-11-30"),
    ],
)
def test_add_working_days_examples(start: str, n: int, expected: str) -> None:
    assert CAL.add_working_days(date.fromisoformat(start), n) == date.fromisoformat(expected)


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 1, 5), -1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2027-01-31", 1, "2027-02-28"),
        ("2028-01-31", 1, "2028-02-29"),  # leap year
        ("2028-02-29", 12, "2029-02-28"),
        ("2026-08-31", 1, "2026-09-30"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2026-06-01", 6, "2026-12-01"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2027-05-31", 84, "2034-05-31"),
    ],
)
def test_months_clamp_to_the_end_of_the_month(start: str, months: int, expected: str) -> None:
    assert add_months(date.fromisoformat(start), months) == date.fromisoformat(expected)


def test_weeks_are_seven_calendar_days_whatever_the_holidays() -> None:
    assert shift(date(2026, 12, 21), Length("weeks", 1), CAL) == date(2026, 12, 28)
    assert shift(date(2026, 12, 21), Length("weeks", 2), CAL, back=True) == date(2026, 12, 7)
    assert shift(date(2027, 1, 31), Length("months", 1), CAL) == date(2027, 2, 28)
    assert shift(date(2026, 12, 30), Length("working_days", 5), CAL, back=True) == date(2026, 12, 21)


# --- properties ---

DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
COUNTS = st.integers(min_value=0, max_value=120)


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(min_value=1, max_value=120))
def test_n_working_days_after_is_a_working_day(day: date, n: int) -> None:
    result = CAL.add_working_days(day, n)
    assert CAL.is_working_day(result)
    assert result > day


@settings(max_examples=300, deadline=None)
@given(DAYS, COUNTS, COUNTS)
def test_adding_is_monotonic_in_n(day: date, a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    assert CAL.add_working_days(day, lo) <= CAL.add_working_days(day, hi)
    if lo < hi:
        assert CAL.add_working_days(day, lo) < CAL.add_working_days(day, hi)


@settings(max_examples=300, deadline=None)
@given(DAYS, DAYS, COUNTS)
def test_adding_is_monotonic_in_the_start(d1: date, d2: date, n: int) -> None:
    early, late = sorted((d1, d2))
    assert CAL.add_working_days(early, n) <= CAL.add_working_days(late, n)


@settings(max_examples=300, deadline=None)
@given(DAYS, COUNTS, COUNTS)
def test_adding_a_then_b_is_adding_a_plus_b(day: date, a: int, b: int) -> None:
    assert CAL.add_working_days(CAL.add_working_days(day, a), b) == CAL.add_working_days(day, a + b)


@settings(max_examples=300, deadline=None)
@given(DAYS, COUNTS)
def test_working_days_between_inverts_adding(day: date, n: int) -> None:
    end = CAL.add_working_days(day, n)
    assert CAL.working_days_between(day, end) == n
    assert CAL.working_days_between(end, day) == -n


@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(min_value=1, max_value=120))
def test_subtracting_inverts_adding_from_a_working_day(day: date, n: int) -> None:
    while not CAL.is_working_day(day):
        day += timedelta(days=1)
    assert CAL.subtract_working_days(CAL.add_working_days(day, n), n) == day


@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(min_value=0, max_value=100))
def test_adding_months_never_overflows_and_keeps_the_day_when_it_can(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + timedelta(days=1)).day == 1)


# --- clock states ---

def test_not_started_before_its_event() -> None:
    status = clock("national-panel-notification", review_with(("referral-received", "2026-12-01")), "2026-12-02")
    assert (status.state, status.rag, status.due, status.start) == ("not-started", "grey", None, None)


def test_running_counts_working_days_left_and_turns_amber_near_the_date() -> None:
    review = review_with(("incident-known", "2026-12-21"))
    running = clock("national-panel-notification", review, "2026-12-23")
    assert (running.state, running.working_days_left, running.rag) == ("running", 3, "green")
    near = clock("national-panel-notification", review, "2026-12-29")
    assert (near.state, near.working_days_left, near.rag) == ("running", 1, "amber")
    today = clock("national-panel-notification", review, "2026-12-30")
    assert (today.state, today.working_days_left, today.rag) == ("running", 0, "amber")


def test_met_early() -> None:
    review = review_with(("incident-known", "2026-12-21"), ("national-panel-notified", "2026-12-22"))
    status = clock("national-panel-notification", review, "2027-02-01")
    assert status.state == "met" and status.rag == "green"
    assert status.met_on == date(2026, 12, 22) and status.early_by_days == 8 and status.late_by_days == 0


def test_met_late() -> None:
    review = review_with(("incident-known", "2026-12-21"), ("national-panel-notified", "2027-01-04"))
    status = clock("national-panel-notification", review, "2027-02-01")
    assert (status.state, status.rag, status.late_by_days, status.early_by_days) == ("met", "amber", 5, 0)


def test_missed_counts_days_overdue() -> None:
    review = review_with(("incident-known", "2026-12-21"))
    status = clock("national-panel-notification", review, "2027-01-04")
    assert (status.state, status.rag, status.days_overdue, status.due) == ("missed", "red", 5, date(2026, 12, 30))


def test_a_meeting_event_before_the_start_does_not_meet_the_clock() -> None:
    review = review_with(("national-panel-notified", "2026-12-01"), ("incident-known", "2026-12-21"))
    assert clock("national-panel-notification", review, "2026-12-22").state == "running"


def test_no_review_decision_makes_review_clocks_not_applicable() -> None:
    review = review_with(("referral-received", "2026-11-02"), ("case-to-chair", "2026-11-02"),
                         ("decision", "2026-11-20", {"outcome": "no-review", "reasons": "criteria not met"}))
    for clock_id in ("appointments", "terms-of-reference-sent", "imr-briefing", "imr-circulation", "completion",
                     "monthly-update"):
        status = clock(clock_id, review, "2027-03-01")
        assert (status.state, status.rag) == ("not-applicable", "grey"), clock_id
    assert clock("decision-statutory", review, "2027-03-01").state == "met"
    assert clock("decision-notification", review, "2027-03-01").state == "missed"


def test_review_decision_starts_the_review_clocks() -> None:
    review = review_with(("decision", "2026-06-01", {"outcome": "review", "reasons": "criteria met"}))
    completion = clock("completion", review, "2026-07-01")
    assert (completion.state, completion.due) == ("running", date(2026, 12, 1))
    assert clock("terms-of-reference-sent", review, "2026-07-01").due == date(2026, 6, 29)


def test_appointments_need_both_chair_and_author() -> None:
    decision = ("decision", "2026-06-01", {"outcome": "review", "reasons": "r"})
    only_author = review_with(decision, ("author-appointed", "2026-06-10"))
    assert clock("appointments", only_author, "2026-06-12").state == "running"
    both = review_with(decision, ("author-appointed", "2026-06-10"), ("chair-appointed", "2026-06-30"))
    status = clock("appointments", both, "2026-07-01")
    assert (status.state, status.met_on, status.late_by_days) == ("met", date(2026, 6, 30), 8)


def test_extension_moves_the_completion_clock_and_shows_both_dates() -> None:
    events = [("decision", "2026-06-01", {"outcome": "review", "reasons": "r"}),
              ("extension-agreed", "2026-10-22", {"new_date": date(2027, 1, 30), "reason": "criminal trial"})]
    not_told = clock("completion", review_with(*events), "2026-12-10")
    assert not_told.state == "running"
    assert (not_told.original_due, not_told.due) == (date(2026, 12, 1), date(2027, 1, 30))
    assert not_told.extension is not None and not_told.extension.notified_on is None
    assert not_told.extension.reason == "criminal trial" and not_told.extension.agreed_on == date(2026, 10, 22)

    told = clock("completion", review_with(*events, ("extension-notified", "2026-10-25")), "2026-12-10")
    assert told.extension is not None and told.extension.notified_on == date(2026, 10, 25)

    missed = clock("completion", review_with(*events), "2027-02-01")
    assert (missed.state, missed.days_overdue) == ("missed", 2)


def test_without_extension_completion_is_overdue_after_six_months() -> None:
    review = review_with(("decision", "2026-06-01", {"outcome": "review", "reasons": "r"}))
    status = clock("completion", review, "2026-12-10")
    assert (status.state, status.days_overdue, status.original_due, status.extension) == ("missed", 9, None, None)


def test_a_later_extension_replaces_an_earlier_one() -> None:
    review = review_with(("decision", "2026-06-01", {"outcome": "review", "reasons": "r"}),
                         ("extension-agreed", "2026-10-22", {"new_date": date(2027, 1, 30), "reason": "a"}),
                         ("extension-agreed", "2027-01-10", {"new_date": date(2027, 3, 31), "reason": "b"}))
    status = clock("completion", review, "2027-02-01")
    assert (status.due, status.original_due, status.state) == (date(2027, 3, 31), date(2026, 12, 1), "running")


def test_before_clock_counts_back_from_the_presentation_meeting() -> None:
    decision = ("decision", "2026-06-01", {"outcome": "review", "reasons": "r"})
    waiting = review_with(decision, ("imr-circulated", "2026-09-27"))
    assert clock("imr-circulation", waiting, "2026-10-01").state == "not-started"

    in_time = review_with(decision, ("imr-circulated", "2026-09-27"), ("presentation-meeting", "2026-10-12"))
    status = clock("imr-circulation", in_time, "2026-11-01")
    assert (status.state, status.due, status.met_on, status.early_by_days) == (
        "met", date(2026, 9, 28), date(2026, 9, 27), 1)

    late = review_with(decision, ("imr-circulated", "2026-10-05"), ("presentation-meeting", "2026-10-12"))
    status = clock("imr-circulation", late, "2026-11-01")
    assert (status.state, status.rag, status.late_by_days) == ("met", "amber", 7)

    never = review_with(decision, ("presentation-meeting", "2026-10-12"))
    status = clock("imr-circulation", never, "2026-11-01")
    assert (status.state, status.days_overdue) == ("missed", 14)


def test_monthly_update_recurs_from_the_last_update() -> None:
    decision = ("decision", "2026-06-01", {"outcome": "review", "reasons": "r"})
    first = clock("monthly-update", review_with(decision), "2026-06-20")
    assert (first.state, first.due, first.last_met) == ("running", date(2026, 7, 1), None)

    updated = review_with(decision, ("monthly-update", "2026-06-28"), ("monthly-update", "2026-07-31"))
    status = clock("monthly-update", updated, "2026-08-10")
    assert (status.state, status.due, status.last_met) == ("running", date(2026, 8, 31), date(2026, 7, 31))

    overdue = clock("monthly-update", updated, "2026-09-30")
    assert (overdue.state, overdue.rag, overdue.days_overdue) == ("missed", "red", 30)


def test_monthly_update_stops_when_the_review_is_adopted() -> None:
    review = review_with(("decision", "2026-06-01", {"outcome": "review", "reasons": "r"}),
                         ("monthly-update", "2026-06-28"), ("adopted", "2026-07-20"))
    status = clock("monthly-update", review, "2027-01-01")
    assert status.state == "met" and status.met_on == date(2026, 7, 20)


def test_retention_may_not_be_met_early() -> None:
    review = review_with(("adopted", "2027-05-31"), ("papers-destroyed", "2030-01-01"))
    status = clock("retention", review, "2030-01-02")
    assert status.due == date(2034, 5, 31)
    assert (status.state, status.rag) == ("met", "red")
    running = clock("retention", review_with(("adopted", "2027-05-31")), "2034-05-25")
    assert (running.state, running.rag) == ("running", "green")


def test_a_monthly_update_missed_before_adoption_stops_counting_at_adoption() -> None:
    review = review_with(("decision", "2026-06-01", {"outcome": "review", "reasons": "r"}),
                         ("monthly-update", "2026-06-28"), ("adopted", "2026-08-07"))
    status = clock("monthly-update", review, "2027-01-01")
    assert (status.state, status.due, status.days_overdue) == ("missed", date(2026, 7, 28), 10)


def test_a_mistyped_year_near_the_calendar_end_does_not_crash() -> None:
    review = review_with(("referral-received", "9999-12-31"), ("adopted", "9999-06-01"))
    assert clock("agencies-notification", review, "2026-11-29").due == date.max
    assert clock("retention", review, "2026-11-29").due == date.max


def test_a_review_decision_after_a_no_review_one_starts_the_review_clocks() -> None:
    """New information (say, an inquest) turns 'no review' into 'review': the six months run from then."""
    review = review_with(("referral-received", "2026-01-05"), ("case-to-chair", "2026-01-05"),
                         ("decision", "2026-01-20", {"outcome": "no-review", "reasons": "criteria not met"}),
                         ("decision", "2026-04-15", {"outcome": "review", "reasons": "inquest findings"}))
    completion = clock("completion", review, "2026-05-01")
    assert completion.start == date(2026, 4, 15)
    assert completion.due == date(2026, 10, 15)
    assert clock("terms-of-reference-sent", review, "2026-05-01").due == date(2026, 5, 13)
