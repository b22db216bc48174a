import { PdClient } from '../../src/client/index.js';
import { openSse, type SseStream } from '../../src/client/sse-reader.js';
import { msSince, now, summarize, type LatencySummary } from '../stats.js';
import { readCpuMs } from './process-stats.js';

export interface Publisher {
  publish(channel: string, payload: string): Promise<unknown>;
  close(): void;
}

/** A message bus the same loops can drive: port-daddy over HTTP and SSE, or redis over RESP. */
export interface Bus {
  /** The server process, for its CPU time. */
  pid: number;
  /** Opens `count` subscribers on `channel`; resolves once every one of them is listening. */
  subscribe(
    channel: string,
    count: number,
    onMessage: (payload: string) => void,
  ): Promise<() => void>;
  openPublisher(): Promise<Publisher>;
}

export interface FanOutLatency extends LatencySummary {
  subscribers: number;
  /** Per round: until the last subscriber had the message. */
  lastReceiver: LatencySummary;
}

export interface PublishRate {
  publishers: number;
  subscribers: number;
  messages: number;
  /** Messages answered per second by the publishers. */
  perSecond: number;
  /** Copies received per second by all subscribers, until the last one arrived. */
  deliveredPerSecond: number;
  /** Copies that never arrived (a subscriber cut off, say); 0 when all did. */
  missing: number;
  serverCpuUsPerMessage: number | null;
}

export interface PubSubResult {
  one: FanOutLatency;
  hundred: FanOutLatency;
  rate: PublishRate;
}

export interface PubSubSettings {
  rounds: { one: number; hundred: number };
  warmup: number;
  rateSubscribers: number;
  ratePublishers: number;
  rateMessages: number;
}

const ROUND_TIMEOUT_MS = 5000;
const DELIVERY_TIMEOUT_MS = 30_000;

/** One message at a time: each is timed from before publish until each subscriber has it. */
export async function publishLatency(
  bus: Bus,
  channel: string,
  options: { subscribers: number; rounds: number; warmup: number },
): Promise<FanOutLatency> {
  const samples: number[] = [];
  const lastReceiver: number[] = [];
  let round = -1;
  let received = 0;
  let sentAt = now();
  let allReceived = () => {};
  const unsubscribe = await bus.subscribe(channel, options.subscribers, (payload) => {
    if (Number(payload) !== round) return;
    const elapsed = msSince(sentAt);
    if (round >= options.warmup) samples.push(elapsed);
    if (++received === options.subscribers) {
      if (round >= options.warmup) lastReceiver.push(elapsed);
      allReceived();
    }
  });
  const publisher = await bus.openPublisher();
  try {
    for (round = 0; round < options.warmup + options.rounds; round++) {
      received = 0;
      const everyone = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`round ${round}: ${received}/${options.subscribers} received`)),
          ROUND_TIMEOUT_MS,
        );
        allReceived = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      sentAt = now();
      await Promise.all([publisher.publish(channel, String(round)), everyone]);
    }
  } finally {
    publisher.close();
    unsubscribe();
  }
  return {
    ...summarize(samples),
    subscribers: options.subscribers,
    lastReceiver: summarize(lastReceiver),
  };
}

/** Publishers send as fast as they are answered while subscribers take every copy. */
export async function publishRate(
  bus: Bus,
  channel: string,
  options: { subscribers: number; publishers: number; messages: number },
): Promise<PublishRate> {
  const perPublisher = Math.ceil(options.messages / options.publishers);
  const messages = perPublisher * options.publishers;
  const expected = messages * options.subscribers;
  let delivered = 0;
  let allDelivered = () => {};
  const everyone = new Promise<void>((resolve) => (allDelivered = resolve));
  const unsubscribe = await bus.subscribe(channel, options.subscribers, () => {
    if (++delivered === expected) allDelivered();
  });
  const publishers = await Promise.all(
    Array.from({ length: options.publishers }, () => bus.openPublisher()),
  );
  try {
    const cpuBefore = readCpuMs(bus.pid);
    const start = now();
    await Promise.all(
      publishers.map(async (publisher) => {
        for (let i = 0; i < perPublisher; i++) await publisher.publish(channel, String(i));
      }),
    );
    const publishSeconds = msSince(start) / 1000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      everyone,
      new Promise((resolve) => (timer = setTimeout(resolve, DELIVERY_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    const deliverSeconds = msSince(start) / 1000;
    const cpuAfter = readCpuMs(bus.pid);
    return {
      publishers: options.publishers,
      subscribers: options.subscribers,
      messages,
      perSecond: messages / publishSeconds,
      deliveredPerSecond: delivered / deliverSeconds,
      missing: expected - delivered,
      serverCpuUsPerMessage:
        cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / messages,
    };
  } finally {
    for (const publisher of publishers) publisher.close();
    unsubscribe();
  }
}

/** Latency with 1 and with 100 subscribers, then the publish rate with a few attached. */
export async function measureBus(bus: Bus, settings: PubSubSettings): Promise<PubSubResult> {
  const one = await publishLatency(bus, 'bench:latency-1', {
    subscribers: 1,
    rounds: settings.rounds.one,
    warmup: settings.warmup,
  });
  const hundred = await publishLatency(bus, 'bench:latency-100', {
    subscribers: 100,
    rounds: settings.rounds.hundred,
    warmup: settings.warmup,
  });
  const rate = await publishRate(bus, 'bench:rate', {
    subscribers: settings.rateSubscribers,
    publishers: settings.ratePublishers,
    messages: settings.rateMessages,
  });
  return { one, hundred, rate };
}

/** A raw SSE connection to GET /subscribe; resolves once the daemon says `ready`. */
function openSubscriber(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const stream = openSse({
      url: new URL(`/subscribe?channel=${encodeURIComponent(channel)}`, url),
      onEvent(event) {
        if (event.event === 'ready') resolve(stream);
        else if (event.event === 'message')
          onMessage(String((JSON.parse(event.data) as { message: unknown }).message));
      },
    });
    stream.done.then(() => reject(new Error('subscription ended before ready')), reject);
  });
}

/** Port-daddy: POST /channels/{channel}/messages, GET /subscribe as Server-Sent Events. */
export function pdBus(url: string, pid: number): Bus {
  return {
    pid,
    async subscribe(channel, count, onMessage) {
      const streams = await Promise.all(
        Array.from({ length: count }, () => openSubscriber(url, channel, onMessage)),
      );
      return () => streams.forEach((stream) => stream.close());
    },
    async openPublisher() {
      const client = new PdClient({ url });
      // Opens the keep-alive connection before any clock starts.
      await client.health();
      return {
        publish: (channel, payload) => client.pubsub.publish(channel, payload),
        close: () => client.close(),
      };
    },
  };
}
