from odoo import fields, models


class BenchFloorBody(models.Model):
    """The bodies the one-INSERT floor stores."""

    _name = "cc.bench.floor.body"
    _description = "Bench floor body"

    body = fields.Text()
