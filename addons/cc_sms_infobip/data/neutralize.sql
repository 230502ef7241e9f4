-- A neutralised database never sends real SMS through Infobip.
UPDATE contact_centre_provider
   SET infobip_api_key = NULL, state = 'disabled'
 WHERE code = 'infobip';
