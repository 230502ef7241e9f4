from . import (
    test_automation,
    test_chatbot,
    test_chatbot_test,
    test_chatbot_tour,
    test_escaping_tour,
)
