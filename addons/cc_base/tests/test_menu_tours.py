import re
from pathlib import Path

from odoo.tests import HttpCase, new_test_user, tagged

from .common import GROUP_AGENT

TOUR_FILE = Path(__file__).parent.parent / "static/tests/tours/menu_walk_tour.js"


@tagged("post_install", "-at_install")
class TestMenuTours(HttpCase):
    """Every menu item of the app opens a working page, for an administrator
    and for an agent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env, login="tour_agent", groups=f"base.group_user,{GROUP_AGENT}", name="Tour Agent"
        )
        contact = cls.env["res.partner"].create(
            {
                "name": "Tour Contact",
                "whatsapp_number": "+32 470 55 66 77",
                "sms_number": "+32 470 55 66 78",
            }
        )
        Message = cls.env["contact.centre.message"]
        provider = cls.env["contact.centre.provider"].create(
            {"name": "Tour Sandbox", "code": "sandbox", "channel": "whatsapp", "state": "enabled"}
        )
        conversation = cls.env["discuss.channel"]._cc_conversation_for(contact, provider)
        values = {
            "contact_id": contact.id,
            "channel": "whatsapp",
            "direction": "inbound",
            "provider_id": provider.id,
            "conversation_id": conversation.id,
        }
        Message.create(
            [
                dict(values, body_text="Tour: our answer", direction="outbound"),
                dict(values, body_text="Tour: waiting in the inbox"),
            ]
        )
        Message.create(
            {
                "contact_id": contact.id,
                "channel": "sms",
                "direction": "inbound",
                "body_text": "Tour: an SMS came in",
            }
        )
        cls.env["contact.centre.template"].create(
            {"name": "Tour template", "channel": "whatsapp", "body": "Hello"}
        )
        cls.env["contact.centre.tag"].create({"name": "Tour tag"})

    def _tour_menus(self):
        """Menu items the tour file visits, by tour."""
        text = TOUR_FILE.read_text()
        lists = {}
        for name in ("AGENT_MENUS", "ADMIN_MENUS"):
            body = re.search(rf"const {name} = \[(.*?)\n\];", text, re.DOTALL).group(1)
            lists[name] = set(re.findall(r'\[(?:null|"[^"]+"), "([^"]+)"', body))
        lists["ADMIN_MENUS"] |= lists["AGENT_MENUS"]
        return lists

    def _visible_items(self, user):
        """xml ids of the app's menu items (not sections) the user can see."""
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        root = self.env.ref("cc_base.menu_contact_centre_root").id
        items, todo = set(), list(menus[root]["children"])
        while todo:
            menu = menus[todo.pop()]
            if menu["children"]:
                todo += menu["children"]
            elif menu["xmlid"].startswith("cc_base."):
                items.add(menu["xmlid"])
        return items

    def test_tours_visit_every_menu_item(self):
        tours = self._tour_menus()
        admin = self.env.ref("base.user_admin")
        self.assertEqual(tours["ADMIN_MENUS"], self._visible_items(admin))
        self.assertEqual(tours["AGENT_MENUS"], self._visible_items(self.agent))

    def test_admin_walks_every_menu(self):
        self.start_tour("/odoo", "cc_base_menu_walk_admin", login="admin")

    def test_agent_walks_every_menu(self):
        self.start_tour("/odoo", "cc_base_menu_walk_agent", login=self.agent.login)
