"""A contact centre's history written in SQL, for the parts of the bench that
measure on a large database (dashboard, scale): conversations of one contact
each, their messages and their response times. cc_dashboard must be installed
(its response-time table is written too)."""

import time

# This many agents, over this many days.
HISTORY_AGENTS = 10
HISTORY_DAYS = 90
HISTORY_NUMBER_PREFIX = "+32473"
# What the history writes, vacuumed and analysed after it as autovacuum
# would be: the Overview's message counts too, which triggers fill.
HISTORY_TABLES = [
    "contact_centre_message",
    "contact_centre_response",
    "discuss_channel",
    "res_partner",
    "cc_dashboard_message_count",
    "cc_dashboard_conversation_day",
]


def write_history(env, messages, conversations):
    """Write about `messages` messages over `conversations` conversations in
    SQL, timed: conversations of one contact each, on a WhatsApp and an SMS
    account, by HISTORY_AGENTS agents; their messages alternate customer
    message and answer, each answer with its response-time record, the last
    customer message unread, one answer in twenty failed."""
    from odoo.addons.cc_base.const import SERVICE_WINDOW_HOURS  # noqa: PLC0415

    Provider = env["contact.centre.provider"]
    accounts = Provider.create(
        [
            {"name": f"Bench dashboard {channel}", "code": "sandbox", "channel": channel}
            for channel in ("whatsapp", "sms")
        ]
    )
    agents = env["res.users"].create(
        [
            {
                "name": f"Bench agent {index}",
                "login": f"bench-agent-{index}",
                "groups_id": [(4, env.ref("cc_base.group_contact_centre_agent").id)],
            }
            for index in range(HISTORY_AGENTS)
        ]
    )
    env.flush_all()
    per_conversation = max(2, messages // conversations)
    started = time.monotonic()
    cr = env.cr
    cr.execute(
        "INSERT INTO res_partner (name, complete_name, ref, sms_number, whatsapp_number, active, "
        "type, is_company, lang, create_uid, write_uid, create_date, write_date) "
        "SELECT 'Customer ' || n, 'Customer ' || n, 'bench-dashboard', "
        "%(prefix)s || lpad(n::text, 6, '0'), %(prefix)s || lpad(n::text, 6, '0'), true, "
        "'contact', false, 'en_US', 1, 1, now(), now() FROM generate_series(1, %(count)s) n",
        {"prefix": HISTORY_NUMBER_PREFIX, "count": conversations},
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"
    )
    # Conversation n: customer n, account and agent by n, state by n; it
    # starts at a random moment of the last HISTORY_DAYS days.
    cr.execute(
        """
        CREATE TEMP TABLE bench_conversation AS
        SELECT p.id AS contact_id, row_number() OVER (ORDER BY p.id) AS n,
               now() - interval '1 day' - random() * interval '%(days)s days' AS started
          FROM res_partner p WHERE p.ref = 'bench-dashboard';
        INSERT INTO discuss_channel (name, channel_type, uuid, active, cc_contact_id,
                                     cc_provider_id, cc_channel, cc_agent_id, cc_state,
                                     cc_resolved_at, create_uid, write_uid, create_date,
                                     write_date)
        SELECT 'Customer ' || c.n, 'contact_centre', md5(random()::text), true,
               c.contact_id, (%(accounts)s)[1 + c.n %% 2], (ARRAY['whatsapp', 'sms'])[1 + c.n %% 2],
               CASE WHEN c.n %% 7 = 0 THEN NULL ELSE (%(agents)s)[1 + c.n %% %(agent_count)s] END,
               (ARRAY['open', 'pending', 'resolved', 'resolved'])[1 + c.n %% 4],
               CASE WHEN c.n %% 4 >= 2 THEN now() - random() * interval '%(days)s days' END,
               1, 1, now(), now()
          FROM bench_conversation c;
        CREATE TEMP TABLE bench_message AS
        SELECT ch.id AS conversation_id, ch.cc_contact_id AS contact_id,
               ch.cc_provider_id AS provider_id, ch.cc_channel AS channel,
               ch.cc_agent_id AS agent_id, j, c.started, (random() * 3600)::int AS wait
          FROM discuss_channel ch
          JOIN bench_conversation c ON c.contact_id = ch.cc_contact_id,
               generate_series(0, %(per)s - 1) j
         WHERE ch.channel_type = 'contact_centre';
        """,
        {
            "accounts": accounts.ids,
            "agents": agents.ids,
            "agent_count": len(agents),
            "days": HISTORY_DAYS,
            "per": per_conversation,
        },
    )
    # Message j of a conversation comes j hours after its start: customers
    # write on even j, answers come on odd j, `wait` seconds later.
    cr.execute(
        """
        INSERT INTO contact_centre_message (name, uuid, contact_id, channel, direction,
            provider_id, company_id, message_type, body_text, status, failure_type,
            message_timestamp, status_timestamp, conversation_id, assigned_agent_id,
            create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH' || b.conversation_id || '-' || b.j, md5(random()::text),
               b.contact_id, b.channel,
               CASE WHEN b.j %% 2 = 0 THEN 'inbound' ELSE 'outbound' END,
               b.provider_id, 1, 'text', 'Hello', CASE
                   WHEN b.j %% 2 = 0 AND b.j >= %(per)s - 2 THEN 'received'
                   WHEN b.j %% 2 = 0 THEN 'read'
                   WHEN (b.conversation_id + b.j) %% 20 = 0 THEN 'failed'
                   ELSE 'delivered' END,
               CASE WHEN b.j %% 2 = 1 AND (b.conversation_id + b.j) %% 20 = 0 THEN 'credit' END,
               b.started + b.j * interval '1 hour'
                   + CASE WHEN b.j %% 2 = 1 THEN b.wait * interval '1 second' ELSE '0' END,
               now(), b.conversation_id, b.agent_id, 1, 1, now(), now()
          FROM bench_message b
        """,
        {"per": per_conversation},
    )
    # As cc_base stores them: each conversation's last message, its last
    # customer message and reply, and WhatsApp's service window after it.
    cr.execute(
        """
        UPDATE discuss_channel ch SET cc_last_message_id = last.id,
               cc_last_inbound_at = times.inbound_at, cc_last_outbound_at = times.outbound_at,
               cc_window_end = CASE WHEN ch.cc_channel = 'whatsapp'
                                    THEN times.inbound_at + interval '%(window)s hours' END
          FROM (SELECT DISTINCT ON (conversation_id) conversation_id, id
                  FROM contact_centre_message WHERE conversation_id IS NOT NULL
                 ORDER BY conversation_id, message_timestamp DESC, id DESC) last
          JOIN (SELECT conversation_id,
                       max(message_timestamp) FILTER (WHERE direction = 'inbound') AS inbound_at,
                       max(message_timestamp) FILTER (WHERE direction = 'outbound') AS outbound_at
                  FROM contact_centre_message WHERE conversation_id IS NOT NULL
                 GROUP BY conversation_id) times USING (conversation_id)
         WHERE last.conversation_id = ch.id
        """,
        {"window": SERVICE_WINDOW_HOURS["whatsapp"]},
    )
    cr.execute(
        """
        INSERT INTO contact_centre_response (inbound_message_id, reply_message_id,
            conversation_id, contact_id, provider_id, channel, company_id, agent_id,
            customer_at, replied_at, wait_seconds, business_seconds, is_first,
            create_uid, write_uid, create_date, write_date)
        SELECT q.id, a.id, q.conversation_id, q.contact_id, q.provider_id, q.channel, 1,
               a.assigned_agent_id, q.message_timestamp, a.message_timestamp,
               extract(epoch FROM a.message_timestamp - q.message_timestamp),
               extract(epoch FROM a.message_timestamp - q.message_timestamp),
               q.name LIKE '%%-0', 1, 1, now(), now()
          FROM contact_centre_message q
          JOIN contact_centre_message a ON a.conversation_id = q.conversation_id
               AND a.name = 'BENCH' || q.conversation_id || '-' ||
                   (split_part(q.name, '-', 2)::int + 1)
         WHERE q.name LIKE 'BENCH%%' AND q.direction = 'inbound' AND a.status != 'failed'
        """
    )
    env.cr.commit()
    cr.execute("SELECT count(*) FROM contact_centre_message")
    [[messages]] = cr.fetchall()
    cr.execute("SELECT count(*) FROM contact_centre_response")
    [[responses]] = cr.fetchall()
    return {
        "messages": messages,
        "responses": responses,
        "conversations": conversations,
        "seconds": time.monotonic() - started,
    }
