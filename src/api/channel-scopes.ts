/** Zod-free, so the CLI can check a scope without loading zod. */
export const CHANNEL_SCOPES = ['global', 'repo', 'branch'] as const;
export type ChannelScope = (typeof CHANNEL_SCOPES)[number];
