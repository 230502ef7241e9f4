import pytz

from odoo import models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _cc_business_seconds(self, start, end):
        """Seconds of these working hours between start and end (naive UTC,
        as Odoo stores datetimes), read in the calendar's time zone, public
        holidays (time off without a resource) left out."""
        self.ensure_one()
        if end <= start:
            return 0.0
        intervals = self._work_intervals_batch(pytz.utc.localize(start), pytz.utc.localize(end))
        return sum((stop - begin).total_seconds() for begin, stop, _record in intervals[False])
