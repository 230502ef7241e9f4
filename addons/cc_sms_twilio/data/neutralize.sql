-- A neutralised database never sends real SMS through Twilio.
UPDATE contact_centre_provider
   SET twilio_auth_token = NULL, state = 'disabled'
 WHERE code = 'twilio';
