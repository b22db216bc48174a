import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

export function registerUp(_program: Command, _ctx: CliContext): void {}
