/** Copies of claimed files, kept when their bytes change. */
export const snapshotsMigration = `
-- (snapshots: schema to be written)
SELECT 1;
`;
