from . import contact_centre_chatbot_test
