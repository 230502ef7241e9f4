from odoo.addons.phone_validation.tools.phone_validation import phone_format


def to_e164(number, country):
    """Return number in E.164 form (+32470123456), read in country's numbering
    plan when it is written nationally. Raises UserError, whose text says what
    is wrong, when the number cannot exist."""
    return phone_format(
        number,
        country.code if country else None,
        country.phone_code if country else None,
        force_format="E164",
    )
