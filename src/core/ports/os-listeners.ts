import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';

export interface OsListener {
  pid: number | null;
  command: string | null;
  address: string;
}

const LISTEN_STATE = '0A';

/** Who listens on a TCP port, per the OS: /proc on Linux, lsof elsewhere. */
export async function findListeners(port: number): Promise<OsListener[]> {
  if (process.platform === 'linux') return findListenersInProc(port);
  return findListenersWithLsof(port);
}

async function findListenersInProc(port: number): Promise<OsListener[]> {
  const sockets = new Map<string, string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (!local || fields[3] !== LISTEN_STATE) continue;
      const [hexAddress, hexPort] = local.split(':') as [string, string];
      if (parseInt(hexPort, 16) !== port) continue;
      sockets.set(fields[9]!, decodeAddress(hexAddress));
    }
  }
  if (sockets.size === 0) return [];
  const found = new Map<string, OsListener>();
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
  await Promise.all(
    pids.map(async (pid) => {
      const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
      for (const fd of fds) {
        const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (!inode || !sockets.has(inode) || found.has(inode)) continue;
        const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        found.set(inode, {
          pid: Number(pid),
          command: cmdline.split('\0').filter(Boolean).join(' ') || null,
          address: sockets.get(inode)!,
        });
      }
    }),
  );
  // Sockets whose process we may not inspect (another user's) still count as listeners.
  for (const [inode, address] of sockets) {
    if (!found.has(inode)) found.set(inode, { pid: null, command: null, address });
  }
  return [...found.values()];
}

function decodeAddress(hex: string): string {
  if (hex.length === 8) {
    const bytes = hex
      .match(/../g)!
      .map((byte) => parseInt(byte, 16))
      .reverse();
    return bytes.join('.');
  }
  // IPv6 in /proc is four little-endian 32-bit words.
  const words = hex.match(/.{8}/g)!.map((word) => word.match(/../g)!.reverse().join(''));
  const groups = words
    .join('')
    .match(/.{4}/g)!
    .map((group) => parseInt(group, 16).toString(16));
  const text = groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
  return text === '0:0:0:0:0:0:0:0' ? '::' : text;
}

function findListenersWithLsof(port: number): Promise<OsListener[]> {
  return new Promise((resolve) => {
    execFile('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpcn'], (error, stdout) => {
      if (error && !stdout) return resolve([]);
      const listeners: OsListener[] = [];
      let current: OsListener | undefined;
      for (const line of stdout.split('\n')) {
        const value = line.slice(1);
        if (line.startsWith('p')) {
          current = { pid: Number(value), command: null, address: '' };
          listeners.push(current);
        } else if (line.startsWith('c') && current) current.command = value;
        else if (line.startsWith('n') && current) current.address = value.replace(/:\d+$/, '');
      }
      resolve(listeners);
    });
  });
}
