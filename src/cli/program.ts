import { Command } from 'commander';
import { packageVersion } from '../config/index.js';
import type { CliContext } from './cli-context.js';
import { registerActivity } from './commands/activity.js';
import { registerBench } from './commands/bench.js';
import { registerChannels } from './commands/channels.js';
import { registerClaim } from './commands/claim.js';
import { registerDoctor } from './commands/doctor.js';
import { registerInbox } from './commands/inbox.js';
import { registerLock } from './commands/lock.js';
import { registerLogs } from './commands/logs.js';
import { registerPorts } from './commands/ports.js';
import { registerPub } from './commands/pub.js';
import { registerRun } from './commands/run.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerStop } from './commands/stop.js';
import { registerSub } from './commands/sub.js';
import { registerTube } from './commands/tube.js';
import { registerWebhooks } from './commands/webhooks.js';
import { registerWho } from './commands/who.js';
import { registerWithLock } from './commands/with-lock.js';
import { registerAgent } from './commands/agent.js';
import { registerBegin } from './commands/begin.js';
import { registerPhase } from './commands/phase.js';
import { registerNote } from './commands/note.js';
import { registerNotes } from './commands/notes.js';
import { registerSessions } from './commands/sessions.js';
import { registerDone } from './commands/done.js';
import { registerFiles } from './commands/files.js';
import { registerGuard } from './commands/guard.js';
import { registerAdd } from './commands/add.js';
import { registerSnapshots } from './commands/snapshots.js';
import { registerSalvage } from './commands/salvage.js';
import { registerBriefing } from './commands/briefing.js';
import { registerLook } from './commands/look.js';
import { registerSay } from './commands/say.js';
import { registerChangelog } from './commands/changelog.js';
import { registerScan } from './commands/scan.js';
import { registerUp } from './commands/up.js';
import { registerDown } from './commands/down.js';
import { registerPs } from './commands/ps.js';
import { registerWait } from './commands/wait.js';
import { registerIntegration } from './commands/integration.js';
import { registerUrl } from './commands/url.js';
import { registerMcp } from './commands/mcp.js';

type Register = (program: Command, ctx: CliContext) => void;

const FOOTER = `
Environment:
  PORT_DADDY_URL          daemon URL (default http://127.0.0.1:9876)
  PORT_DADDY_HOME         data dir (default ~/.port-daddy)
  PORT_DADDY_RANGE_START  first port handed out (default 3100)
  PORT_DADDY_RANGE_END    last port handed out (default 9999)
  PORT_DADDY_NO_AUTOSTART=1  never start the daemon on demand
  PORT_DADDY_CHANNEL_RETENTION  messages kept per channel (default 1000)
  PORT_DADDY_AGENT        who you are: default owner of claims and locks, inbox and sender
  PORT_DADDY_AGENT_TIMEOUT  an agent without a heartbeat this long is dead (default 10m)
  PORT_DADDY_PD_LOCAL=1   the proxy also routes *.pd.local names (pd url --pd-local)
  NO_COLOR                no colours

Exit codes: 0 ok, 1 failed, 2 usage error, 3 daemon unreachable.
Docs: docs/cli.md, docs/SKILL.md`;

/** Each command's register function and the names (and aliases) it adds, in help order. */
const COMMANDS: readonly (readonly [Register, readonly string[]])[] = [
  [registerStart, ['start']],
  [registerStop, ['stop', 'restart']],
  [registerStatus, ['status', 'version']],
  [registerDoctor, ['doctor']],
  [registerLogs, ['logs']],
  [registerClaim, ['claim', 'release']],
  [registerPorts, ['ports', 'list', 'find']],
  [registerWho, ['who']],
  [registerRun, ['run']],
  [registerLock, ['lock', 'unlock', 'locks']],
  [registerWithLock, ['with-lock']],
  [registerPub, ['pub']],
  [registerSub, ['sub']],
  [registerChannels, ['channels']],
  [registerTube, ['tube']],
  [registerInbox, ['inbox']],
  [registerWebhooks, ['webhooks']],
  [registerActivity, ['activity']],
  [registerAgent, ['agent', 'agents']],
  [registerBegin, ['begin']],
  [registerPhase, ['phase']],
  [registerNote, ['note']],
  [registerNotes, ['notes']],
  [registerSessions, ['sessions']],
  [registerDone, ['done']],
  [registerFiles, ['files']],
  [registerGuard, ['guard']],
  [registerAdd, ['add']],
  [registerSnapshots, ['snapshots']],
  [registerSalvage, ['salvage']],
  [registerBriefing, ['briefing']],
  [registerLook, ['look', 'sitrep']],
  [registerSay, ['say']],
  [registerChangelog, ['changelog']],
  [registerScan, ['scan']],
  [registerUp, ['up']],
  [registerDown, ['down']],
  [registerPs, ['ps']],
  [registerWait, ['wait']],
  [registerIntegration, ['integration']],
  [registerUrl, ['url']],
  [registerMcp, ['mcp']],
  [registerBench, ['bench']],
];

/** Every command name and alias `pd` knows (a test checks the table against the commands). */
export const COMMAND_NAMES: readonly string[] = COMMANDS.flatMap(([, names]) => names);

/**
 * The commands to build for this argv: only the one asked for (building all of them with their
 * help texts is a tenth of `pd`'s start-up), or all of them for help, version and unknown names.
 */
function commandsFor(argv: readonly string[] | undefined) {
  const first = argv?.[2];
  if (first === undefined || first.startsWith('-')) return COMMANDS;
  const only = COMMANDS.filter(([, names]) => names.includes(first));
  return only.length > 0 ? only : COMMANDS;
}

export function buildProgram(ctx: CliContext, argv?: readonly string[]): Command {
  const program = new Command('pd')
    .description(
      'port-daddy: stable ports and coordination for AI agents and dev servers on one machine',
    )
    .version(packageVersion(), '-V, --version', 'print the CLI version')
    .exitOverride()
    .showSuggestionAfterError(true)
    // Subcommands own their options: `pd lock extend db --ttl 1m`.
    .enablePositionalOptions()
    .addHelpText('after', FOOTER);
  for (const [register] of commandsFor(argv)) register(program, ctx);
  return program;
}
