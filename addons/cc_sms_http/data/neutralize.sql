-- A neutralised database never sends real SMS through an HTTP gateway.
UPDATE contact_centre_provider
   SET http_api_key = NULL, http_password = NULL, state = 'disabled'
 WHERE code = 'http';
