import http from 'node:http';
import { msSince, now } from './stats.js';

/** Where a load generator sends its GETs: an address, and the Host header to send. */
export interface LoadTarget {
  port: number;
  host: string;
  path: string;
}

/** One keep-alive connection: each GET waits for the previous answer, as a browser tab would. */
export class KeepAliveConnection {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly target: LoadTarget) {}

  get(): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: this.target.port,
          path: this.target.path,
          headers: { host: this.target.host },
          agent: this.agent,
        },
        (response) => {
          let bytes = 0;
          response.on('data', (chunk: Buffer) => (bytes += chunk.length));
          response.on('end', () =>
            response.statusCode === 200
              ? resolve(bytes)
              : reject(
                  new Error(`GET ${this.target.host}${this.target.path}: ${response.statusCode}`),
                ),
          );
        },
      );
      request.on('error', reject);
      request.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Latency samples (ms) of `rounds` sequential GETs on one connection. */
export async function sequentialLatency(
  connection: KeepAliveConnection,
  rounds: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = now();
    await connection.get();
    samples.push(msSince(start));
  }
  return samples;
}

/** GETs/s with `connections` connections each sending `perConnection` GETs back to back. */
export async function keepAliveRate(
  target: LoadTarget,
  connections: number,
  perConnection: number,
): Promise<{ requests: number; seconds: number; perSecond: number }> {
  const pool = Array.from({ length: connections }, () => new KeepAliveConnection(target));
  try {
    // Opens every connection before the clock starts.
    await Promise.all(pool.map((connection) => connection.get()));
    const start = now();
    await Promise.all(
      pool.map(async (connection) => {
        for (let i = 0; i < perConnection; i++) await connection.get();
      }),
    );
    const seconds = msSince(start) / 1000;
    const requests = connections * perConnection;
    return { requests, seconds, perSecond: requests / seconds };
  } finally {
    for (const connection of pool) connection.close();
  }
}
