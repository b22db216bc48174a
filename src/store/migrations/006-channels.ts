export const channelsMigration = ``;
