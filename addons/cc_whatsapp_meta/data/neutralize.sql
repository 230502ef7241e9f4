-- A neutralised (staging) copy never talks to Meta with the real token.
UPDATE contact_centre_provider
   SET meta_access_token = NULL, state = 'disabled'
 WHERE code = 'meta';
