# Date arithmetic with fixed dates: timedelta, weekdays, ISO weeks, formatting, parsing.
import calendar
import datetime as dt

start = dt.datetime(2024, 2, 28, 22, 30)
print(start + dt.timedelta(hours=3), (start + dt.timedelta(days=2)).strftime("%a %d %b %Y"))
print(dt.date(2024, 12, 30).isocalendar()[:2], dt.date(2000, 1, 1).weekday(), calendar.isleap(2100))
delta = dt.datetime(2025, 1, 1) - start
print(delta.days, delta.seconds, delta.total_seconds())
print(dt.datetime.strptime("2021-07-04 12:00", "%Y-%m-%d %H:%M").isoformat())
print(sorted([dt.date(2020, 5, 1), dt.date(2019, 12, 31), dt.date(2020, 1, 15)])[0])
tz = dt.timezone(dt.timedelta(hours=2))
print(dt.datetime(2020, 1, 1, 12, tzinfo=tz).astimezone(dt.timezone.utc).isoformat())
print(tuple(int(v) for v in calendar.monthrange(2023, 2)), [d for d in calendar.Calendar().itermonthdays(2023, 2)][:5])
