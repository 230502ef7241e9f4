def migrate(cr, version):
    """provider_id's own index on the webhook events: identity_unique begins
    with provider_id, and every webhook request wrote both."""
    cr.execute("DROP INDEX IF EXISTS contact_centre_webhook_event__provider_id_index")
