/** Sessions and their encrypted notes. */
export const sessionsMigration = `
-- (sessions: schema to be written)
SELECT 1;
`;
