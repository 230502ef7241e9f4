from . import webhook, webhook_database
