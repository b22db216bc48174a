import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { bold, printJson, printLine } from '../output.js';
import { parseDurationText, parsePid, parsePort } from '../parse-options.js';

interface ClaimOptions {
  port?: number;
  pid?: number;
  ttl?: string;
  owner?: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerClaim(program: Command, ctx: CliContext): void {
  program
    .command('claim')
    .description('Claim a stable port for an identity: the same identity always gets the same port')
    .argument('<identity>', 'project[:stack[:context]], e.g. myapp:api:main')
    .option(
      '-p, --port <port>',
      'ask for this exact port (fails if someone else holds it)',
      parsePort,
    )
    .option('--pid <pid>', 'release the claim when this process exits', parsePid)
    .option(
      '--ttl <duration>',
      'release the claim after this long (30s, 10m, 2h)',
      parseDurationText,
    )
    .option('--owner <name>', 'who holds it (default: $PORT_DADDY_AGENT)')
    .option('-q, --quiet', 'print only the port number')
    .option('--json', 'print the claim as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  pd claim myapp:api\n  PORT=$(pd claim myapp:web -q) npm run dev\n  pd claim myapp:db --port 5432 --ttl 2h',
    )
    .action(async (identity: string, options: ClaimOptions) => {
      const owner = options.owner ?? process.env.PORT_DADDY_AGENT;
      const claim = await ctx.call((client) =>
        client.claim({
          identity,
          port: options.port,
          pid: options.pid,
          ttl: options.ttl,
          owner: owner || undefined,
        }),
      );
      if (options.json) return printJson(claim);
      if (options.quiet) return printLine(String(claim.port));
      printLine(
        `${claim.identity} ${claim.existing ? 'holds' : 'claimed'} port ${bold(String(claim.port))}`,
      );
    });

  program
    .command('release')
    .description('Release an identity, or every claim matching a pattern such as myapp:*')
    .argument('<identity-or-pattern>', 'e.g. myapp:api:main, myapp:*, myapp:*:main')
    .option('--json', 'print the released claims as JSON')
    .action(async (pattern: string, options: { json?: boolean }) => {
      const result = await ctx.call((client) => client.release(pattern));
      if (options.json) return printJson(result);
      if (result.count === 0) return printLine(`no claims match ${pattern}`);
      for (const claim of result.released)
        printLine(`released ${claim.identity} (port ${claim.port})`);
    });
}
