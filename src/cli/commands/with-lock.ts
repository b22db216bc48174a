import type { Command } from 'commander';
export function registerWithLock(_program: Command): void {}
