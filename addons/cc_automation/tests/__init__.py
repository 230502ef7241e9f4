from . import test_automation, test_chatbot
