import { Component, onWillStart, onWillUnmount, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { deserializeDateTime, formatDateTime } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { getColor } from "@web/core/colors/colors";

const ACTIVITY_RELOAD_DELAY = 5000;
const PERIODS = [
    ["today", _t("Today")],
    ["7d", _t("7 days")],
    ["30d", _t("30 days")],
    ["custom", _t("Custom")],
];

/** A duration in seconds, in words a supervisor reads at a glance. */
export function formatDuration(seconds) {
    if (seconds === null || seconds === undefined || seconds === false) {
        return "—";
    }
    const minutes = Math.round(seconds / 60);
    if (minutes < 1) {
        return _t("%s s", Math.round(seconds));
    }
    if (minutes < 60) {
        return _t("%s min", minutes);
    }
    const hours = Math.floor(minutes / 60);
    if (hours < 24) {
        return _t("%(hours)s h %(minutes)s min", { hours, minutes: minutes % 60 });
    }
    return _t("%(days)s d %(hours)s h", { days: Math.floor(hours / 24), hours: hours % 24 });
}

/**
 * The contact centre's Overview: cards compared with the previous period,
 * messages over time, recent activity (live), agents and delivery health.
 * The figures come from contact.centre.dashboard in two calls made at once
 * (the agent table has its own), so that two workers serve them side by side.
 */
export class ContactCentreOverview extends Component {
    static template = "cc_dashboard.Overview";
    static components = { Layout };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.busService = useService("bus_service");
        this.periods = PERIODS;
        this.canvasRef = useRef("canvas");
        const today = luxon.DateTime.local().toISODate();
        this.state = useState({
            period: "7d",
            date_from: today,
            date_to: today,
            channel: "",
            provider_id: "",
            data: null,
            loadedPeriod: null,
        });
        onWillStart(async () => {
            await Promise.all([loadBundle("web.chartjs_lib"), this.load()]);
        });
        useEffect(
            () => this.renderChart(),
            () => [this.state.data]
        );
        // At most one reload every few seconds, however busy the contact centre.
        this.onActivity = () => {
            if (!this.reloadTimer) {
                this.reloadTimer = setTimeout(() => {
                    this.reloadTimer = null;
                    this.load();
                }, ACTIVITY_RELOAD_DELAY);
            }
        };
        this.busService.subscribe("cc_dashboard/activity", this.onActivity);
        this.busService.start();
        onWillUnmount(() => {
            this.busService.unsubscribe("cc_dashboard/activity", this.onActivity);
            clearTimeout(this.reloadTimer);
            this.chart?.destroy();
        });
    }

    get options() {
        const { period, date_from, date_to, channel, provider_id } = this.state;
        return { period, date_from, date_to, channel, provider_id: provider_id || false };
    }

    async load() {
        const options = this.options;
        const [overview, agents] = await Promise.all([
            this.orm.call("contact.centre.dashboard", "get_overview", [options]),
            this.orm.call("contact.centre.dashboard", "get_agents", [options]),
        ]);
        this.state.data = { ...overview, agents };
        this.state.loadedPeriod = options.period;
    }

    setPeriod(period) {
        this.state.period = period;
        this.load();
    }

    onFilterChange(field, ev) {
        this.state[field] = ev.target.value;
        this.load();
    }

    onDateChange(field, ev) {
        this.state[field] = ev.target.value;
        if (this.state.date_from && this.state.date_to) {
            this.load();
        }
    }

    get providers() {
        const providers = this.state.data?.filters.providers || [];
        return this.state.channel
            ? providers.filter((provider) => provider.channel === this.state.channel)
            : providers;
    }

    formatValue(value, format) {
        if (value === null || value === undefined || value === false) {
            return "—";
        }
        if (format === "percent") {
            return `${Math.round(value)} %`;
        }
        if (format === "duration") {
            return formatDuration(value);
        }
        return String(value);
    }

    formatDuration(seconds) {
        return formatDuration(seconds);
    }

    /** How the card moved since the previous period, and whether that is good. */
    cardTrend(card) {
        const { value, previous, better } = card;
        if (value === null || previous === null || value === previous) {
            return { text: _t("no change"), cls: "text-muted", icon: "" };
        }
        const up = value > previous;
        const diff =
            card.format === "duration"
                ? formatDuration(Math.abs(value - previous))
                : card.format === "percent"
                ? `${Math.round(Math.abs(value - previous))} pt`
                : String(Math.abs(value - previous));
        const good = better === "neutral" ? null : (better === "up") === up;
        return {
            text: diff,
            icon: up ? "fa-arrow-up" : "fa-arrow-down",
            cls: good === null ? "text-muted" : good ? "text-success" : "text-danger",
        };
    }

    openCard(card) {
        this.action.doAction(card.action);
    }

    openAction(action) {
        this.action.doAction(action);
    }

    openRecord(resModel, resId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: resModel,
            res_id: resId,
            views: [[false, "form"]],
        });
    }

    async retry(failure) {
        const count = await this.orm.call("contact.centre.dashboard", "retry_failed", [
            this.options,
            failure.failure_type,
        ]);
        this.notification.add(_t("%s messages queued again.", count), { type: "success" });
        await this.load();
    }

    formatTime(value) {
        return formatDateTime(deserializeDateTime(value));
    }

    renderChart() {
        if (!this.canvasRef.el || !this.state.data) {
            return;
        }
        this.chart?.destroy();
        const { labels, series } = this.state.data.chart;
        this.chart = new Chart(this.canvasRef.el, {
            type: "bar",
            data: {
                labels,
                datasets: series.map((serie, index) => ({
                    label: serie.label,
                    data: serie.data,
                    backgroundColor: getColor(index, "light", series.length),
                    stack: serie.direction,
                })),
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
                plugins: { legend: { position: "bottom" } },
            },
        });
    }
}

registry.category("actions").add("cc_dashboard.overview", ContactCentreOverview);
