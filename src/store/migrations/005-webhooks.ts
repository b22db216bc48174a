export const webhooksMigration = ``;
