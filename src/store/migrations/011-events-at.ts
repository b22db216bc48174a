/** `pd look --since 30` reads the activity log by time, not by id. */
export const eventsAtMigration = `
CREATE INDEX events_at ON events (at);
`;
