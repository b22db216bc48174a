/** Channels and their retained messages. */
export const pubsubMigration = ``;
