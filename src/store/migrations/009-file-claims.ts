/** Advisory file claims. */
export const fileClaimsMigration = `
-- (file claims: schema to be written)
SELECT 1;
`;
