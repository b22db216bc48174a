/** Agents: who is working, their heartbeat and liveness. */
export const agentsMigration = `
-- (agents: schema to be written)
SELECT 1;
`;
