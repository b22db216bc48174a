import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../exit-codes.js';
import { bold, dim, printJson, printLine } from '../output.js';

interface ScanOptions {
  dryRun?: boolean;
  force?: boolean;
  json?: boolean;
}

const HELP = `
Reads manifests and lockfiles (package.json, pnpm-workspace.yaml, requirements.txt,
pyproject.toml, Gemfile, mix.exs, composer.json, go.mod, Cargo.toml, pom.xml, build.gradle,
*.csproj, deno.json, compose files...) in the folder, its workspaces and the usual app folders
(apps/*, packages/*, services/*, frontend, backend, web, api, server, client), and writes a
.portdaddyrc with each service's dev command on \${PORT}. No daemon needed. See docs/config.md.

Examples:
  pd scan                 detect, explain why, write .portdaddyrc
  pd scan --dry-run       print the file instead of writing it
  pd scan apps --json     the detections as JSON
  pd scan --force         overwrite an existing .portdaddyrc`;

export function registerScan(program: Command, _ctx: CliContext): void {
  program
    .command('scan')
    .description('Detect the services in a repo and write its .portdaddyrc')
    .argument('[dir]', 'the repo folder', '.')
    .option('--dry-run', 'print the .portdaddyrc instead of writing it')
    .option('--force', 'overwrite an existing .portdaddyrc')
    .option('--json', 'print the detections as JSON')
    .addHelpText('after', HELP)
    .action(async (dir: string, options: ScanOptions) => {
      const root = path.resolve(dir);
      if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory())
        throw new CliError(`${dir} is not a folder`);
      // Loaded here, not at start-up: the scanner and the config schema pull in zod.
      const { scanRepo } = await import('../../orchestrator/scan/scan-repo.js');
      const { renderConfig } = await import('../../orchestrator/scan/render-config.js');
      const result = scanRepo(root);
      if (result.services.length === 0)
        throw new CliError(
          `no services found in ${root} (no known framework in its manifests, workspaces, apps/*, packages/*, services/* or compose file); write a .portdaddyrc by hand: see docs/config.md`,
        );
      const config = renderConfig(result);
      const text = JSON.stringify(config, null, 2) + '\n';
      const target = path.join(root, '.portdaddyrc');
      const exists = fs.existsSync(target);
      if (!options.dryRun && exists && !options.force)
        throw new CliError(
          `${target} already exists: pass --force to overwrite it, or --dry-run to print what scan found`,
        );

      if (options.json) {
        const services = result.services.map(({ evidence: _evidence, ...detection }) => detection);
        printJson({ project: result.project, root, services, config });
      } else if (options.dryRun) {
        // Findings on stderr, so `pd scan --dry-run > .portdaddyrc` gets just the file.
        printFindings(result.services, (line) => void process.stderr.write(line + '\n'));
        process.stdout.write(text);
      } else printFindings(result.services, printLine);

      if (options.dryRun) return;
      fs.writeFileSync(target, text);
      const verb = exists ? 'Overwrote' : 'Wrote';
      process.stderr.write(
        `pd: ${verb} ${target} (${result.services.length} services); start them with pd up\n`,
      );
    });
}

function printFindings(
  services: { name: string; frameworkName: string; cwd: string; cmd: string; why: string[] }[],
  print: (line: string) => void,
): void {
  const width = Math.max(...services.map((service) => service.name.length));
  print(`Found ${services.length} service${services.length === 1 ? '' : 's'}:`);
  for (const service of services) {
    print(`  ${bold(service.name.padEnd(width))}  ${service.frameworkName} in ${service.cwd}`);
    print(`  ${' '.repeat(width)}  ${service.cmd}`);
    for (const reason of service.why) print(dim(`  ${' '.repeat(width)}  why: ${reason}`));
  }
}
