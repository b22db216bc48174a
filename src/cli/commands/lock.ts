import type { Command } from 'commander';
export function registerLock(_program: Command): void {}
