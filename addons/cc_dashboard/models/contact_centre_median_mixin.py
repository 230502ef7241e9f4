from odoo import models
from odoo.tools import SQL


class ContactCentreMedianMixin(models.AbstractModel):
    """Reports whose durations aggregate as medians: a field with
    `aggregator="median"` shows its median in pivot and graph views and in
    `_read_group(aggregates=["field:median"])`. A median, not an average: one
    conversation left waiting over a weekend would make an average say little."""

    _name = "contact.centre.median.mixin"
    _description = "Contact Centre Report with Medians"

    def _read_group_select(self, aggregate_spec, query):
        fname, _dot, func = aggregate_spec.partition(":")
        if func != "median":
            return super()._read_group_select(aggregate_spec, query)
        # Checks the field as the other aggregates do.
        super()._read_group_select(f"{fname}:max", query)
        return SQL(
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY %s)",
            self._field_to_sql(self._table, fname, query),
        )
