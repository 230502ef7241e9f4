def migrate(cr, version):
    """customer_at's own index: the period index begins with customer_at."""
    cr.execute("DROP INDEX IF EXISTS contact_centre_response__customer_at_index")
