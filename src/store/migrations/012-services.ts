/** Services that pd up runs: their state, pid, port and restarts. */
export const servicesMigration = `
-- (services: schema to be written)
SELECT 1;
`;
