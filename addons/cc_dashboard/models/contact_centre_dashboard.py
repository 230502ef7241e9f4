from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.cc_base.tools import selection_label

from .message_count_tables import CONVERSATION_DAYS, MESSAGE_COUNTS

PERIOD_DAYS = {"today": 1, "7d": 7, "30d": 30}
RECENT_MESSAGES = 10
# The record rules on messages that the message counts can apply (their rows
# know the company): the company's, and a group's seeing everything.
COMPANY_RULE = "[('company_id','in',company_ids)]"
EVERYTHING_RULE = "[(1,'=',1)]"


class ContactCentreDashboard(models.AbstractModel):
    """The Overview's figures, in two calls the page makes at once
    (get_overview, get_agents), from grouped queries: as the user may see
    them (record rules apply), for a period and against the one before it.
    Both only read: a read-only cursor (a replica's, when there is one) may
    serve them."""

    _name = "contact.centre.dashboard"
    _description = "Contact Centre Overview"

    # The period

    @api.model
    def _period(self, options):
        """(start, end) in naive UTC of the period the user chose, whole days
        of their time zone: today, the last 7 or 30 days (today included), or
        from date_from to date_to included."""
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        today = fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(tz).date()
        period = options.get("period") or "7d"
        if period == "custom":
            try:
                first = fields.Date.to_date(options.get("date_from"))
                last = fields.Date.to_date(options.get("date_to"))
            except ValueError as error:
                raise UserError(self.env._("Choose the period's dates again.")) from error
            if not first or not last or last < first:
                raise UserError(
                    self.env._("Choose a period whose first day is not after its last day.")
                )
        elif period in PERIOD_DAYS:
            last = today
            first = today - timedelta(days=PERIOD_DAYS[period] - 1)
        else:
            raise UserError(self.env._("Unknown period: %s", period))

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return utc(first), utc(last + timedelta(days=1))

    @api.model
    def _previous(self, start, end):
        return start - (end - start), start

    # Domains

    @api.model
    def _filters(self, options, channel="channel", provider="provider_id"):
        domain = []
        if options.get("channel"):
            domain.append((channel, "=", options["channel"]))
        if options.get("provider_id"):
            domain.append((provider, "=", int(options["provider_id"])))
        return domain

    @api.model
    def _message_domain(self, options, start, end, *extra):
        return expression.AND(
            [
                [("message_timestamp", ">=", start), ("message_timestamp", "<", end)],
                self._filters(options),
                *extra,
            ]
        )

    @api.model
    def _response_domain(self, options, start, end, *extra):
        return expression.AND(
            [
                [("customer_at", ">=", start), ("customer_at", "<", end)],
                self._filters(options),
                *extra,
            ]
        )

    @api.model
    def _conversation_domain(self, options, start, end, *extra):
        """Conversations with a message in the period."""
        return expression.AND(
            [
                [
                    ("channel_type", "=", "contact_centre"),
                    (
                        "cc_message_ids",
                        "any",
                        [("message_timestamp", ">=", start), ("message_timestamp", "<", end)],
                    ),
                ],
                self._filters(options, channel="cc_channel", provider="cc_provider_id"),
                *extra,
            ]
        )

    # The figures

    @api.model
    @api.readonly
    def get_overview(self, options):
        """Everything the Overview shows for these options but the agent
        table, which the page asks get_agents for at the same time:
        {"period": ..., "cards": [...], "chart": ..., "recent": [...],
        "failures": [...], "filters": ...}."""
        options = dict(options or {})
        start, end = self._period(options)
        previous = self._previous(start, end)
        # The chart groups the period's messages: their count by direction
        # needs no pass of its own.
        groups = self._chart_groups(options, start, end)
        by_direction = self._by_direction(groups)
        return {
            "period": {
                "start": fields.Datetime.to_string(start),
                "end": fields.Datetime.to_string(end),
            },
            "cards": self._cards(options, (start, end), previous, by_direction),
            "chart": self._chart(start, end, groups),
            "recent": self._recent(options, start, end),
            "failures": self._failures(options, start, end),
            "filters": self._filter_choices(),
        }

    @api.model
    @api.readonly
    def get_agents(self, options):
        """The Overview's agent table for these options. A call of its own,
        made with get_overview's: two workers serve the two at once."""
        options = dict(options or {})
        return self._agents(options, *self._period(options))

    @api.model
    def _figures(self, options, start, end, by_direction=None):
        """{card key: value} for one period, but for the conversations'
        (_conversation_figures); by_direction: the period's messages by
        direction, when already known."""
        Message = self.env["contact.centre.message"]
        if by_direction is None and self._counts_serve(start, end):
            by_direction = self._by_direction(self._counts(options, [start], end))
        elif by_direction is None:
            # All messages and the customers' ones in one pass over the period.
            by_direction = dict(
                Message._read_group(
                    self._message_domain(options, start, end), ["direction"], ["__count"]
                )
            )
        inbound = by_direction.get("inbound", 0)
        answered, median, first_count, first_median = self._response_figures(options, start, end)
        return {
            "messages": sum(by_direction.values()),
            "response_rate": 100.0 * answered / inbound if inbound else None,
            "first_response": first_median if first_count else None,
            "response": median if answered else None,
        }

    @api.model
    def _by_direction(self, groups):
        """{direction: count} of [(bucket, channel, direction, count)]."""
        counts = {}
        for _bucket, _channel, direction, count in groups:
            counts[direction] = counts.get(direction, 0) + count
        return counts

    @api.model
    def _response_figures(self, options, start, end, by_agent=False):
        """(answered, their median, first responses, their median) of the
        period's response times, as the user may see them, in one pass. With
        by_agent, {agent id: the same}: the Agent Performance report's
        response rows are these responses."""
        Response = self.env["contact.centre.response"]
        agents_only = [("agent_id", "!=", False)] if by_agent else []
        query = Response._search(self._response_domain(options, start, end, agents_only))
        if query.is_empty():
            return {} if by_agent else (0, None, 0, None)
        seconds = Response._field_to_sql(Response._table, "business_seconds", query)
        first = Response._field_to_sql(Response._table, "is_first", query)
        figures = SQL(
            "COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY %(seconds)s), "
            "COUNT(*) FILTER (WHERE %(first)s), "
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(seconds)s) FILTER (WHERE %(first)s)",
            seconds=seconds,
            first=first,
        )
        if not by_agent:
            [row] = self.env.execute_query(query.select(figures))
            return row
        agent = Response._field_to_sql(Response._table, "agent_id", query)
        query.groupby = agent
        return {
            agent_id: tuple(row)
            for agent_id, *row in self.env.execute_query(
                query.select(SQL("%s, %s", agent, figures))
            )
        }

    @api.model
    def _unread_domain(self, options, start, end):
        """Conversations with an unread message in the period (so with a
        message in the period: the received messages' own index is enough)."""
        return expression.AND(
            [
                [
                    ("channel_type", "=", "contact_centre"),
                    (
                        "cc_message_ids",
                        "any",
                        [
                            ("status", "=", "received"),
                            ("message_timestamp", ">=", start),
                            ("message_timestamp", "<", end),
                        ],
                    ),
                ],
                self._filters(options, channel="cc_channel", provider="cc_provider_id"),
            ]
        )

    @api.model
    def _whole_days(self, start, end):
        """(the period's first UTC midnight, its last), or None when it holds
        no whole UTC day."""
        first = datetime.combine(start.date(), time.min)
        if first < start:
            first += timedelta(days=1)
        last = datetime.combine(end.date(), time.min)
        return (first, last) if first < last else None

    @api.model
    def _around_whole_days(self, start, end, whole):
        """[(start, end)]: what the messages give of a period, around its
        whole days (whole: _whole_days, or None for all of it), empty
        stretches left out."""
        stretches = [(start, whole[0]), (whole[1], end)] if whole else [(start, end)]
        return [(first, last) for first, last in stretches if first < last]

    @api.model
    def _conversation_figures(self, options, periods):
        """[{card key: value}] of each period's conversations (those with a
        message in it; unread: with a received message in it), as the user
        may see them, in one query. The conversations with a message in any
        period are flagged by period first: for a manager, from the
        conversation days for the periods' whole days and the messages for
        the hours around them; otherwise from the messages. Then they are
        joined to the conversations the user may see."""
        Conversation = self.env["discuss.channel"]
        serve = self._counts_serve(*(moment for period in periods for moment in period))
        days = [serve and self._whole_days(*period) for period in periods]
        stretches = [
            stretch
            for (start, end), whole in zip(periods, days, strict=True)
            for stretch in self._around_whole_days(start, end, whole)
        ]
        sources = [
            *self._conversation_flags_messages(periods, stretches),
            *self._conversation_flags_days(days),
        ]
        query = Conversation._search(
            expression.AND(
                [
                    [("channel_type", "=", "contact_centre")],
                    self._filters(options, channel="cc_channel", provider="cc_provider_id"),
                ]
            )
        )
        keys = ("open", "pending", "unassigned", "unread")
        if not sources or query.is_empty():
            return [dict.fromkeys(keys, 0) for _period in periods]
        flags = [(f"active_{position}", f"unread_{position}") for position in range(len(periods))]
        columns = SQL(", ").join(SQL.identifier(name) for pair in flags for name in pair)
        query.add_join(
            "JOIN",
            "flagged",
            SQL(
                "(SELECT id, %s FROM (%s) AS sources (id, %s) GROUP BY id)",
                SQL(", ").join(
                    SQL("SUM(%s) > 0 AS %s", SQL.identifier(name), SQL.identifier(name))
                    for pair in flags
                    for name in pair
                ),
                SQL(" UNION ALL ").join(sources),
                columns,
            ),
            SQL(
                "%s = %s",
                SQL.identifier("flagged", "id"),
                Conversation._field_to_sql(Conversation._table, "id", query),
            ),
        )
        state = Conversation._field_to_sql(Conversation._table, "cc_state", query)
        agent = Conversation._field_to_sql(Conversation._table, "cc_agent_id", query)
        counts = []
        for active, unread in flags:
            active, unread = SQL.identifier("flagged", active), SQL.identifier("flagged", unread)
            counts += [
                SQL("%s AND %s = 'open'", active, state),
                SQL("%s AND %s = 'pending'", active, state),
                SQL("%s AND %s IS NULL AND %s IS DISTINCT FROM 'resolved'", active, agent, state),
                unread,
            ]
        [row] = self.env.execute_query(
            query.select(
                SQL(", ").join(SQL("COUNT(*) FILTER (WHERE %s)", count) for count in counts)
            )
        )
        return [
            dict(zip(keys, row[position : position + len(keys)], strict=True))
            for position in range(0, len(row), len(keys))
        ]

    @api.model
    def _conversation_flags_messages(self, periods, stretches):
        """[SQL]: (conversation, then for each period 1 for a message in it
        and 1 for a received one) of the messages of these stretches, as the
        user may see them."""
        Message = self.env["contact.centre.message"]
        sources = []
        # A query by stretch: each reads the messages' time index alone.
        for first, last in stretches:
            query = Message._search(
                [
                    ("conversation_id", "!=", False),
                    ("message_timestamp", ">=", first),
                    ("message_timestamp", "<", last),
                ]
            )
            if query.is_empty():
                continue
            timestamp = Message._field_to_sql(Message._table, "message_timestamp", query)
            status = Message._field_to_sql(Message._table, "status", query)
            flags = []
            for start, end in periods:
                within = SQL("(%s >= %s AND %s < %s)", timestamp, start, timestamp, end)
                flags += [
                    SQL("%s::int", within),
                    SQL("(%s AND %s = 'received')::int", within, status),
                ]
            conversation = Message._field_to_sql(Message._table, "conversation_id", query)
            sources.append(query.select(SQL("%s, %s", conversation, SQL(", ").join(flags))))
        return sources

    @api.model
    def _conversation_flags_days(self, days):
        """[SQL]: the same as _conversation_flags_messages, from the
        conversation days of each period's whole days (days: (first, last)
        or None, by period). Only when _counts_serve."""
        whole = [pair for pair in days if pair]
        if not whole:
            return []
        counts = [
            SQL(
                "CASE WHEN day >= %s AND day < %s THEN %s ELSE 0 END",
                pair[0].date(),
                pair[1].date(),
                SQL.identifier(count),
            )
            if pair
            else SQL("0")
            for pair in days
            for count in ("messages", "received")
        ]
        where = self._counts_where(
            None,
            SQL(
                "day >= %s AND day < %s AND conversation_id IS NOT NULL",
                min(first for first, _last in whole).date(),
                max(last for _first, last in whole).date(),
            ),
        )
        return [
            SQL(
                "SELECT conversation_id, %s FROM %s WHERE %s",
                SQL(", ").join(counts),
                SQL.identifier(CONVERSATION_DAYS.name),
                where,
            )
        ]

    @api.model
    def _unassigned(self):
        return [("cc_agent_id", "=", False), ("cc_state", "!=", "resolved")]

    @api.model
    def _cards(self, options, period, previous, by_direction):
        now = self._figures(options, *period, by_direction)
        before = self._figures(options, *previous)
        conversations = self._conversation_figures(options, [period, previous])
        now.update(conversations[0])
        before.update(conversations[1])
        cards = [
            ("messages", self.env._("Messages"), "number", "neutral"),
            ("unread", self.env._("Unread Conversations"), "number", "down"),
            ("open", self.env._("Open Conversations"), "number", "neutral"),
            ("pending", self.env._("Pending Conversations"), "number", "neutral"),
            ("unassigned", self.env._("Unassigned Conversations"), "number", "down"),
            ("response_rate", self.env._("Response Rate"), "percent", "up"),
            ("first_response", self.env._("Median First Response"), "duration", "down"),
            ("response", self.env._("Median Response Time"), "duration", "down"),
        ]
        return [
            {
                "key": key,
                "label": label,
                "value": now[key],
                "previous": before[key],
                "format": kind,
                "better": better,
                "action": self._card_action(key, label, options, *period),
            }
            for key, label, kind, better in cards
        ]

    @api.model
    def _card_action(self, key, label, options, start, end):
        """The list behind a card."""
        if key == "messages":
            return self._messages_action(label, self._message_domain(options, start, end))
        if key == "response_rate":
            return self._messages_action(
                label,
                self._message_domain(options, start, end, [("direction", "=", "inbound")]),
            )
        if key in ("first_response", "response"):
            extra = [("is_first", "=", True)] if key == "first_response" else []
            return {
                "type": "ir.actions.act_window",
                "name": label,
                "res_model": "contact.centre.response",
                "views": [[False, "list"], [False, "pivot"], [False, "graph"]],
                "domain": self._response_domain(options, start, end, extra),
                "context": {},
            }
        domains = {
            "unread": self._unread_domain(options, start, end),
            "unassigned": self._conversation_domain(options, start, end, self._unassigned()),
        }
        domain = domains.get(key) or self._conversation_domain(
            options, start, end, [("cc_state", "=", key)]
        )
        action = self._action("cc_base.discuss_channel_action_contact_centre_inbox")
        list_view = self.env.ref("cc_base.discuss_channel_view_list_contact_centre").id
        kanban_view = self.env.ref("cc_base.discuss_channel_view_kanban_contact_centre").id
        action.update(
            name=label,
            domain=domain,
            context={},
            views=[[list_view, "list"], [kanban_view, "kanban"], [False, "form"]],
        )
        return action

    @api.model
    def _messages_action(self, label, domain):
        action = self._action("cc_base.contact_centre_message_action")
        action.update(name=label, domain=domain, context={"create": False})
        return action

    @api.model
    def _action(self, xmlid):
        """An action to open with a domain of ours: not the stored action
        itself, so that the browser's address does not lose the domain."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        for key in ("id", "xml_id", "path"):
            action.pop(key, None)
        return action

    @api.model
    def _chart_scale(self, start, end):
        """(the user's time zone, whether the chart is by hour)."""
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        # One day of the user's, though the clocks change that day.
        return tz, end - start <= timedelta(hours=25)

    @api.model
    def _chart(self, start, end, groups):
        """Messages by channel and direction over the period: by hour for a
        day, by day otherwise, in the user's time zone; groups: the period's
        _chart_groups."""
        tz, hourly = self._chart_scale(start, end)
        Message = self.env["contact.centre.message"]
        # The hours (or days) the user's clock shows: 23 or 25 hours on the
        # days the clocks change.
        labels = list(
            dict.fromkeys(label for *_bounds, label in self._chart_buckets(start, end, tz, hourly))
        )
        index = {label: position for position, label in enumerate(labels)}
        channels = dict(Message._fields["channel"]._description_selection(self.env))
        directions = dict(Message._fields["direction"]._description_selection(self.env))
        series = {}
        for label, channel, direction, count in groups:
            if (channel, direction) not in series:
                series[channel, direction] = {
                    "channel": channel,
                    "direction": direction,
                    "label": f"{channels[channel]} {directions[direction].lower()}",
                    "data": [0] * len(labels),
                }
            position = index.get(label)
            if position is not None:
                series[channel, direction]["data"][position] += count
        return {"labels": labels, "series": sorted(series.values(), key=lambda s: s["label"])}

    @api.model
    def _chart_buckets(self, start, end, tz, hourly):
        """[(UTC start, UTC end, label)]: the stretches of the period whose
        messages fall on one hour (or day) of the user's time zone. Counting
        between UTC bounds reads the time index; converting each message's
        time to the user's zone would not."""
        if hourly:
            # Quarter by quarter: every zone's offset is a whole number of
            # quarters, and an hour repeated by a clock change is one label.
            edges, labels = [start], []
            moment = start
            while moment < end:
                label = pytz.utc.localize(moment).astimezone(tz).strftime("%H:00")
                if labels and label == labels[-1]:
                    edges[-1] = moment + timedelta(minutes=15)
                else:
                    labels.append(label)
                    edges.append(moment + timedelta(minutes=15))
                moment += timedelta(minutes=15)
        else:
            # Days begin at the user's midnight, as the period itself does.
            day = pytz.utc.localize(start).astimezone(tz).date()
            edges, labels = [start], []
            while edges[-1] < end:
                labels.append(day.strftime("%Y-%m-%d"))
                day += timedelta(days=1)
                midnight = tz.localize(datetime.combine(day, time.min))
                edges.append(min(midnight.astimezone(pytz.utc).replace(tzinfo=None), end))
        return list(zip(edges[:-1], edges[1:], labels, strict=True))

    @api.model
    def _chart_groups(self, options, start, end):
        """[(label, channel, direction, count)] of the period's messages, as
        the user may see them: one grouped query, every message in one group
        (its label may be none of the chart's on a day the clocks change)."""
        Message = self.env["contact.centre.message"]
        tz, hourly = self._chart_scale(start, end)
        buckets = self._chart_buckets(start, end, tz, hourly)
        if self._counts_serve(end, *(bucket[0] for bucket in buckets)):
            return [
                (buckets[position - 1][2], channel, direction, count)
                for position, channel, direction, count in self._counts(
                    options, [bucket[0] for bucket in buckets], end
                )
            ]
        query = Message._search(self._message_domain(options, start, end))
        if query.is_empty():
            return []
        # The bucket of each message by a binary search of the buckets'
        # starts: the period's messages are read once, in one pass.
        position = SQL(
            "width_bucket(%s, %s::timestamp[])",
            Message._field_to_sql(Message._table, "message_timestamp", query),
            [bucket[0] for bucket in buckets],
        )
        channel = Message._field_to_sql(Message._table, "channel", query)
        direction = Message._field_to_sql(Message._table, "direction", query)
        query.groupby = SQL("%s, %s, %s", position, channel, direction)
        rows = self.env.execute_query(
            query.select(SQL("%s, %s, %s, COUNT(*)", position, channel, direction))
        )
        return [
            (buckets[position - 1][2], channel, direction, count)
            for position, channel, direction, count in rows
        ]

    @api.model
    def _counts_serve(self, *moments, model="contact.centre.message"):
        """Whether the message counts give the user's figures between these
        moments: they are on quarter hours, and the user's record rules on
        messages (or model's rows) keep at most their companies' (a
        manager's)."""
        if any(moment.minute % 15 or moment.second or moment.microsecond for moment in moments):
            return False
        if self.env.su:
            return True
        rules = self.env["ir.rule"]._get_rules(model).sudo()

        def domain(rule):
            return "".join((rule.domain_force or "").split()).replace('"', "'")

        global_rules = rules.filtered("global")
        group_rules = rules - global_rules
        return all(domain(rule) == COMPANY_RULE for rule in global_rules) and (
            not group_rules or any(domain(rule) == EVERYTHING_RULE for rule in group_rules)
        )

    @api.model
    def _counts(self, options, starts, end):
        """[(bucket, channel, direction, count)] of the messages from
        starts[0] to end, from the message counts: bucket n (from 1) begins at
        starts[n - 1]. Only when _counts_serve."""
        where = self._counts_where(options, SQL("slot >= %s AND slot < %s", starts[0], end))
        position = SQL("width_bucket(slot, %s::timestamp[])", list(starts))
        return self.env.execute_query(
            SQL(
                "SELECT %s, channel, direction, SUM(count)::int FROM %s WHERE %s "
                "GROUP BY 1, 2, 3 HAVING SUM(count) != 0",
                position,
                SQL.identifier(MESSAGE_COUNTS.name),
                where,
            )
        )

    @api.model
    def _counts_where(self, options, *conditions):
        """SQL: these conditions on the rows of a table of message counts,
        with the options' filters (None: none) and the user's companies. The
        messages written so far are flushed: the triggers count them."""
        filters = self._filters(options) if options else []
        conditions = [
            *conditions,
            *(SQL("%s = %s", SQL.identifier(column), value) for column, _op, value in filters),
        ]
        if not self.env.su:
            conditions.append(SQL("company_id IN %s", tuple(self.env.companies.ids)))
        self.env["contact.centre.message"].flush_model()
        return SQL(" AND ").join(conditions)

    @api.model
    def _recent(self, options, start, end):
        """The period's latest messages."""
        messages = self.env["contact.centre.message"].search(
            self._message_domain(options, start, end), limit=RECENT_MESSAGES
        )
        return [
            {
                "id": message.id,
                "time": fields.Datetime.to_string(message.message_timestamp),
                "contact": message.contact_id.display_name,
                "channel": message.channel,
                "channel_label": selection_label(message, "channel"),
                "direction": message.direction,
                "status": message.status,
                "status_label": selection_label(message, "status"),
                "preview": message.preview,
            }
            for message in messages
        ]

    @api.model
    def _agents(self, options, start, end):
        """Per agent, from the Agent Performance report: as the user may see
        it. One query per kind of row of the report rather than one over all
        of them: the distinct conversations are counted by hashing, the
        response medians come from the responses that are the report's
        response rows (_response_figures)."""
        domain = expression.AND(
            [[("date", ">=", start), ("date", "<", end)], self._filters(options)]
        )
        rows = {}

        def row(agent):
            return rows.setdefault(
                agent,
                {
                    "id": agent,
                    "conversations": 0,
                    "messages_sent": 0,
                    "first_response": None,
                    "response": None,
                    "resolved": 0,
                },
            )

        for agent, conversations, sent in self._agent_messages(options, start, end):
            row(agent).update(conversations=conversations, messages_sent=sent)
        responses = self._response_figures(options, start, end, by_agent=True)
        for agent, (answered, response, firsts, first) in responses.items():
            row(agent).update(
                first_response=first if firsts else None,
                response=response if answered else None,
            )
        for agent, resolved in self._agent_report(
            expression.AND([domain, [("resolved_count", "=", 1)]]), lambda _field: SQL("COUNT(*)")
        ):
            row(agent)["resolved"] = resolved
        for user in self.env["res.users"].browse(list(rows)):
            rows[user.id]["name"] = user.name
        return sorted(rows.values(), key=lambda row: (-row["messages_sent"], row["name"]))

    @api.model
    def _agent_report(self, domain, aggregates):
        """[(agent id, *aggregates)] of the report's rows in domain, as the
        user may see them, grouped by agent; aggregates(field) is SQL,
        field(name) the SQL of a field of the report."""
        Report = self.env["contact.centre.report.agent"]
        query = Report._search(expression.AND([domain, [("agent_id", "!=", False)]]))
        if query.is_empty():
            return []

        def field(fname):
            return Report._field_to_sql(Report._table, fname, query)

        query.groupby = field("agent_id")
        return self.env.execute_query(
            query.select(SQL("%s, %s", field("agent_id"), aggregates(field)))
        )

    @api.model
    def _agent_messages(self, options, start, end):
        """[(agent id, distinct conversations, messages sent)] of the period:
        the messages grouped by agent and conversation first, by hashing,
        then counted. For a manager, the period's whole days come from the
        conversation days, the hours around them from the report."""
        Report = self.env["contact.centre.report.agent"]
        serve = self._counts_serve(start, end, model=Report._name)
        days = serve and self._whole_days(start, end)
        sources = []
        for first, last in self._around_whole_days(start, end, days):
            query = Report._search(
                [
                    ("date", ">=", first),
                    ("date", "<", last),
                    ("agent_id", "!=", False),
                    ("messages_sent", "=", 1),
                    *self._filters(options),
                ]
            )
            if not query.is_empty():
                sources.append(
                    query.select(
                        SQL(
                            "%s, %s, 1",
                            Report._field_to_sql(Report._table, "agent_id", query),
                            Report._field_to_sql(Report._table, "conversation_id", query),
                        )
                    )
                )
        if days:
            where = self._counts_where(
                options,
                SQL("day >= %s AND day < %s", days[0].date(), days[1].date()),
                SQL("agent_id IS NOT NULL AND sent != 0"),
            )
            sources.append(
                SQL(
                    "SELECT agent_id, conversation_id, sent FROM %s WHERE %s",
                    SQL.identifier(CONVERSATION_DAYS.name),
                    where,
                )
            )
        if not sources:
            return []
        return self.env.execute_query(
            SQL(
                "SELECT agent, COUNT(conversation), SUM(sent)::int FROM ("
                "SELECT agent, conversation, SUM(sent) AS sent FROM (%s) AS rows "
                "(agent, conversation, sent) GROUP BY agent, conversation HAVING SUM(sent) > 0"
                ") AS pairs GROUP BY agent",
                SQL(" UNION ALL ").join(sources),
            )
        )

    @api.model
    def _failures_domain(self, options, start, end, failure_type=None):
        extra = [("direction", "=", "outbound"), ("status", "=", "failed")]
        if failure_type:
            extra.append(("failure_type", "=", failure_type))
        return self._message_domain(options, start, end, extra)

    @api.model
    def _failures(self, options, start, end):
        Message = self.env["contact.centre.message"]
        labels = dict(Message._fields["failure_type"]._description_selection(self.env))
        groups = Message._read_group(
            self._failures_domain(options, start, end), ["failure_type"], ["__count"]
        )
        return sorted(
            (
                {
                    "failure_type": failure_type or "unknown",
                    "label": labels.get(failure_type or "unknown"),
                    "count": count,
                    "action": self._messages_action(
                        labels.get(failure_type or "unknown"),
                        self._failures_domain(options, start, end, failure_type),
                    ),
                }
                for failure_type, count in groups
            ),
            key=lambda row: -row["count"],
        )

    @api.model
    def retry_failed(self, options, failure_type):
        """Retry the failed messages of this type in the period that the user
        may see (agents and managers: the messages' own Retry)."""
        start, end = self._period(dict(options or {}))
        messages = self.env["contact.centre.message"].search(
            self._failures_domain(dict(options or {}), start, end, failure_type)
        )
        messages.action_retry()
        return len(messages)

    @api.model
    def _filter_choices(self):
        Message = self.env["contact.centre.message"]
        return {
            "channels": [
                {"value": value, "label": label}
                for value, label in Message._fields["channel"]._description_selection(self.env)
            ],
            "providers": [
                {"id": provider.id, "name": provider.display_name, "channel": provider.channel}
                for provider in self.env["contact.centre.provider"].search(
                    [("state", "!=", "disabled")]
                )
            ],
        }
