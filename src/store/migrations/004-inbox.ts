export const inboxMigration = ``;
