import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { post } from '../helpers/claims.js';
import {
  makeTempHome,
  startDaemon,
  stopDaemon,
  waitFor,
  type TestDaemon,
} from '../helpers/daemon.js';
import { connectSse, messagesOf } from '../helpers/sse.js';

async function publish(daemon: TestDaemon, channel: string, message: unknown): Promise<number> {
  const answer = await post(daemon, `/channels/${channel}/messages`, { message });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return (answer.body as { id: number }).id;
}

describe('SSE streams', () => {
  const daemons: TestDaemon[] = [];
  afterEach(async () => {
    for (const daemon of daemons.splice(0)) await stopDaemon(daemon);
  });

  it('resumes with Last-Event-ID after a daemon restart: nothing lost, nothing twice', async () => {
    const home = makeTempHome();
    const first = await startDaemon({ home });
    const stream = connectSse(first.url, '/subscribe?channel=resume:a&channel=resume:b&since=0');
    for (let i = 0; i < 5; i++) await publish(first, i % 2 ? 'resume:a' : 'resume:b', i);
    await waitFor(() => messagesOf(stream.frames).length === 5);
    // The daemon stops: the stream ends with a final event, its id the cursor to resume from.
    await first.stop();
    await stream.ended;
    const last = stream.frames.at(-1)!;
    expect(last.event).toBe('shutdown');

    const second = await startDaemon({ home });
    daemons.push(second);
    // Published while nobody listened: must arrive once the reader is back.
    for (let i = 5; i < 8; i++) await publish(second, i % 2 ? 'resume:a' : 'resume:b', i);
    const again = connectSse(second.url, '/subscribe?channel=resume:a&channel=resume:b&since=0', {
      'last-event-id': String(last.id),
    });
    await waitFor(() => messagesOf(again.frames).length === 3);
    await publish(second, 'resume:a', 8);
    await waitFor(() => messagesOf(again.frames).length === 4);
    const all = [...messagesOf(stream.frames), ...messagesOf(again.frames)];
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const ids = [...stream.frames, ...again.frames]
      .filter((frame) => frame.event === 'message')
      .map((frame) => frame.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    again.close();
  });

  it('sends a reset first when asked for an id older than retained', async () => {
    const daemon = await startDaemon({ env: { PORT_DADDY_CHANNEL_RETENTION: '3' } });
    daemons.push(daemon);
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push(await publish(daemon, 'small', i));
    const stream = connectSse(daemon.url, `/subscribe?channel=small&since=${ids[1]}`);
    await waitFor(() => messagesOf(stream.frames).length === 3);
    expect(stream.frames.map((frame) => frame.event)).toEqual([
      'ready',
      'reset',
      'message',
      'message',
      'message',
    ]);
    expect(stream.frames[1]!.data).toMatchObject({ channel: 'small', since: ids[1], missed: 5 });
    expect(messagesOf(stream.frames)).toEqual([7, 8, 9]);
    stream.close();

    const polled = await fetch(`${daemon.url}/channels/small/messages?since=0`);
    const body = (await polled.json()) as { resets: { missed: number }[]; messages: unknown[] };
    expect(body.resets).toMatchObject([{ missed: 7 }]);
    expect(body.messages).toHaveLength(3);

    const cli = await daemon.cli(['sub', 'small', '--once']);
    expect(cli.stdout).toContain('reset small: 7 message(s)');
  });

  it('cuts off a subscriber that never reads; the others keep receiving', async () => {
    const daemon = await startDaemon();
    daemons.push(daemon);
    const healthy = connectSse(daemon.url, '/subscribe?channel=flood');
    // A raw socket that sends the request and then never reads a byte.
    const stuck = net.connect(daemon.port, '127.0.0.1');
    stuck.pause();
    stuck.write(`GET /subscribe?channel=flood HTTP/1.1\r\nHost: 127.0.0.1:${daemon.port}\r\n\r\n`);
    await waitFor(() => healthy.frames.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const chunk = 'x'.repeat(64 * 1024);
    const count = 200; // ~13 MB: more than the socket buffers and the 1 MB allowance together
    for (let i = 0; i < count; i++) await publish(daemon, 'flood', { i, chunk });
    await waitFor(() => messagesOf(healthy.frames).length === count, 20_000);
    const health = await fetch(`${daemon.url}/health`);
    expect(health.status).toBe(200);

    // Now read what the stuck socket was sent: it ends with the overflow event.
    let received = '';
    stuck.on('data', (data: Buffer) => (received += data.toString('latin1')));
    const closed = new Promise<void>((resolve) => stuck.once('close', () => resolve()));
    stuck.on('error', () => {});
    stuck.resume();
    await closed;
    expect(received).toContain('event: overflow');
    const delivered = received.split('event: message').length - 1;
    expect(delivered).toBeLessThan(count);
    expect(messagesOf(healthy.frames).map((m) => (m as { i: number }).i)).toEqual(
      Array.from({ length: count }, (_, i) => i),
    );
    healthy.close();
  });

  it('ends streams cleanly when the daemon stops', async () => {
    const daemon = await startDaemon();
    const stream = connectSse(daemon.url, '/subscribe?channel=bye:>');
    await waitFor(() => stream.frames.length === 1);
    const started = Date.now();
    await daemon.stop();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(4000);
    expect(stream.frames.map((frame) => frame.event)).toEqual(['ready', 'shutdown']);
    expect(daemon.output()).not.toContain('unhandled error');
    daemon.cleanup();
  });
});
