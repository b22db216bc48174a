import type { Command } from 'commander';
import type { LockView } from '../../api/locks.js';
import type { CliContext } from '../cli-context.js';
import { defaultOwner } from '../default-owner.js';
import { age, bold, printJson, printLine, printTable, until } from '../output.js';
import { parseDurationText, parsePid } from '../parse-options.js';

interface LockOptions {
  ttl?: string;
  wait?: string;
  owner?: string;
  pid?: number;
  json?: boolean;
}

function printLocks(locks: LockView[]): void {
  printTable(
    ['NAME', 'OWNER', 'PID', 'TOKEN', 'ACQUIRED', 'EXPIRES'],
    locks.map((lock) => [
      lock.name,
      lock.owner,
      lock.pid === null ? '-' : String(lock.pid),
      String(lock.token),
      `${age(lock.acquiredAt)} ago`,
      until(lock.expiresAt),
    ]),
  );
}

export function registerLock(program: Command, ctx: CliContext): void {
  const lock = program
    .command('lock')
    .description(
      'Acquire a named lock and print its fencing token (see also: with-lock, unlock, locks)',
    )
    .argument('<name>', 'lock name, e.g. db-migrations or myapp:deploy')
    .option(
      '--ttl <duration>',
      'release it when this passes without `pd lock extend` (30s, 10m)',
      parseDurationText,
    )
    .option(
      '--wait <duration>',
      'queue this long for it when it is held (default: fail at once)',
      parseDurationText,
    )
    .option('--owner <name>', 'who holds it (default: $PORT_DADDY_AGENT, else user@host)')
    .option('--pid <pid>', 'release it when this process exits', parsePid)
    .option('--json', 'print the lock as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  pd lock db-migrations --ttl 5m\n  pd lock deploy --wait 30s --pid $$\n  pd lock extend db-migrations --ttl 5m\n  pd unlock db-migrations',
    )
    .action(async (name: string, options: LockOptions) => {
      const owner = options.owner ?? defaultOwner();
      const held = await ctx.call((client) =>
        client.locks.acquire(name, {
          owner,
          ttl: options.ttl,
          wait: options.wait,
          pid: options.pid,
        }),
      );
      if (options.json) return printJson(held);
      printLine(`locked ${held.name} for ${held.owner} (token ${bold(String(held.token))})`);
    });

  lock
    .command('extend')
    .description("Renew a lock's lease (only its owner may)")
    .argument('<name>', 'lock name')
    .option(
      '--ttl <duration>',
      "new lease from now (default: the lock's own TTL)",
      parseDurationText,
    )
    .option('--owner <name>', 'who holds it (default: $PORT_DADDY_AGENT, else user@host)')
    .option('--json', 'print the lock as JSON')
    .action(async (name: string, options: LockOptions) => {
      const extended = await ctx.call((client) =>
        client.locks.extend(name, options.owner ?? defaultOwner(), options.ttl),
      );
      if (options.json) return printJson(extended);
      printLine(`extended ${extended.name}: expires ${until(extended.expiresAt)}`);
    });

  program
    .command('unlock')
    .description('Release a lock (only its owner may, unless --force)')
    .argument('<name>', 'lock name')
    .option('--owner <name>', 'who holds it (default: $PORT_DADDY_AGENT, else user@host)')
    .option('--force', "release someone else's lock (recorded in the activity log)")
    .option('--json', 'print the released lock as JSON')
    .action(async (name: string, options: { owner?: string; force?: boolean; json?: boolean }) => {
      const owner = options.owner ?? defaultOwner();
      const { released } = await ctx.call((client) =>
        client.locks.release(name, { owner, force: options.force }),
      );
      if (options.json) return printJson({ released });
      printLine(
        `unlocked ${released.name}${released.owner === owner ? '' : ` (was held by ${released.owner})`}`,
      );
    });

  program
    .command('locks')
    .description('List held locks: name, owner, pid, fencing token, acquired, expires')
    .option('--json', 'print the locks as a JSON array')
    .action(async (options: { json?: boolean }) => {
      const { locks } = await ctx.call((client) => client.locks.list());
      if (options.json) return printJson(locks);
      if (locks.length === 0) return printLine('no locks held');
      printLocks(locks);
    });
}
