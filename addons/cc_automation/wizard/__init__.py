from . import contact_centre_assign, contact_centre_chatbot_test
