"""Quiet hours: the local hours when a campaign writes to nobody."""

from datetime import datetime, time, timedelta

import phonenumbers
import pytz
from phonenumbers import timezone as number_timezones


def recipient_timezone(partner_tz, number, fallback="UTC"):
    """The time zone a recipient lives in: their own, else the one of their
    number's country (its area, where the numbering plan tells), else fallback."""
    if partner_tz in pytz.all_timezones_set:
        return pytz.timezone(partner_tz)
    if number:
        try:
            zones = number_timezones.time_zones_for_number(phonenumbers.parse(number))
        except phonenumbers.NumberParseException:
            zones = ()
        known = [zone for zone in zones if zone in pytz.all_timezones_set]
        if known:
            return pytz.timezone(known[0])
    return pytz.timezone(fallback if fallback in pytz.all_timezones_set else "UTC")


def _local_time(hours):
    """A float hour (21.5) as a time (21:30)."""
    minutes = round(hours * 60) % (24 * 60)
    return time(minutes // 60, minutes % 60)


def quiet_until(now, tz, start, end):
    """None when a message may go out at `now` (naive UTC) in time zone `tz`,
    else the naive UTC time the quiet hours [start, end) end there. Hours
    are floats (21.5 is 21:30); quiet hours may span midnight."""
    start_time, end_time = _local_time(start), _local_time(end)
    if start_time == end_time:
        return None
    local = pytz.utc.localize(now).astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    if start_time < end_time:
        quiet = start_time <= clock < end_time
    else:
        quiet = clock >= start_time or clock < end_time
    if not quiet:
        return None
    day = local.date() if clock < end_time else local.date() + timedelta(days=1)
    local_end = tz.localize(datetime.combine(day, end_time))
    return local_end.astimezone(pytz.utc).replace(tzinfo=None)
