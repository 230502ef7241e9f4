"""Which provider account sends to a number: the accounts of a channel in
order of preference, each restricted (or not) to number prefixes and
countries. Plain Python, built once per batch from one search: routing
100,000 campaign messages costs no query per message."""

import re

import phonenumbers

PREFIX = re.compile(r"\+?\d+")


def parse_prefixes(text):
    """The prefixes of an account's comma-separated list, as +digits; raises
    ValueError naming a prefix that is not one."""
    prefixes = []
    for part in (text or "").split(","):
        prefix = re.sub(r"[\s().-]", "", part)
        if not prefix:
            continue
        if not PREFIX.fullmatch(prefix):
            raise ValueError(part.strip())
        prefixes.append(prefix if prefix.startswith("+") else f"+{prefix}")
    return tuple(prefixes)


def number_region(number):
    """The ISO country code of an E.164 number (BE), or None."""
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        return None


class Router:
    """routes: [(account, prefixes, country codes)] in order of preference;
    an empty restriction lets every number through."""

    def __init__(self, routes, empty):
        self.routes = routes
        self.empty = empty
        self._regions = {}

    def _region(self, number):
        if number not in self._regions:
            self._regions[number] = number_region(number)
        return self._regions[number]

    def candidates(self, number):
        """The accounts that may send to number, best first."""
        number = (number or "").replace(" ", "")
        return [
            account
            for account, prefixes, countries in self.routes
            if (not prefixes or number.startswith(prefixes))
            and (not countries or self._region(number) in countries)
        ]

    def route(self, number):
        """The account that sends to number, or an empty recordset."""
        candidates = self.candidates(number)
        return candidates[0] if candidates else self.empty
