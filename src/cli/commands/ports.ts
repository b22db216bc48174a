import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { printClaims } from '../claim-table.js';
import { printJson, printLine } from '../output.js';

export function registerPorts(program: Command, ctx: CliContext): void {
  const list = async (pattern: string | undefined, options: { json?: boolean }) => {
    const { claims } = await ctx.call((client) => client.claims(pattern));
    if (options.json) return printJson(claims);
    if (claims.length === 0)
      return printLine(pattern ? `no claims match ${pattern}` : 'no ports claimed');
    printClaims(claims);
  };

  program
    .command('ports')
    .alias('list')
    .description('List claimed ports: identity, port, pid, alive, age, expiry, owner')
    .argument('[pattern]', 'only identities matching this, e.g. myapp:*')
    .option('--json', 'print the claims as a JSON array')
    .action(list);

  program
    .command('find')
    .description('Find claims by identity prefix or wildcard pattern (uses the index, not a scan)')
    .argument('<pattern>', 'myapp (and everything below it), myapp:*, myapp:*:main, web*')
    .option('--json', 'print the claims as a JSON array')
    .action(list);
}
