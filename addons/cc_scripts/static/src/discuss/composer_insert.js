/**
 * Put text in the composer at the cursor, where the agent can still edit it
 * before sending.
 */
export function insertInComposer(composer, text) {
    const { start, end } = composer.selection;
    const before = composer.text.slice(0, start);
    const after = composer.text.slice(end);
    const glue = before && !/\s$/.test(before) ? " " : "";
    composer.text = before + glue + text + after;
    const cursor = before.length + glue.length + text.length;
    Object.assign(composer.selection, { start: cursor, end: cursor, direction: "none" });
    composer.forceCursorMove = true;
    composer.autofocus++;
}
