import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { age, bold, dim, printJson, printLine } from '../output.js';
import { parsePort } from '../parse-options.js';

export function registerWho(program: Command, ctx: CliContext): void {
  program
    .command('who')
    .description(
      'Who has this port: the claim (identity, owner, since) and the process listening on it',
    )
    .argument('<port>', 'a port number', parsePort)
    .option('--json', 'print {port, claim, listeners} as JSON')
    .action(async (port: number, options: { json?: boolean }) => {
      const who = await ctx.call((client) => client.who(port));
      if (options.json) return printJson(who);
      if (!who.claim && who.listeners.length === 0)
        return printLine(`port ${port} is free: nobody claimed it and nothing listens on it`);
      printLine(bold(`port ${port}`));
      if (who.claim) {
        const { identity, owner, pid, createdAt } = who.claim;
        const by = [owner && `owner ${owner}`, pid !== null && `pid ${pid}`]
          .filter(Boolean)
          .join(', ');
        printLine(`  claimed by ${identity}${by ? ` (${by})` : ''}, since ${age(createdAt)} ago`);
      } else printLine(`  ${dim('not claimed through port-daddy')}`);
      for (const listener of who.listeners) {
        const process =
          listener.pid === null
            ? 'a process we may not inspect'
            : `pid ${listener.pid}: ${listener.command ?? '?'}`;
        printLine(`  listening on ${listener.address} by ${process}`);
      }
      if (who.listeners.length === 0) printLine(`  ${dim('nothing listens on it right now')}`);
    });
}
