from datetime import timedelta

import pytz

from odoo import models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _cc_is_open_at(self, when):
        """Whether `when` (naive UTC, as Odoo stores datetimes) falls in these
        working hours, read in the calendar's time zone, public holidays
        (company-wide time off without a resource) excluded."""
        self.ensure_one()
        start = pytz.utc.localize(when)
        intervals = self._work_intervals_batch(start, start + timedelta(minutes=1))[False]
        return any(begin <= start < end for begin, end, _record in intervals)
