import { Logger } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';

const INVALIDATE_CHANNEL = '__redis__:invalidate';

/** Keys that changed, or null when Redis cannot say which (flushed, or the connection was lost). */
export type InvalidationListener = (keys: string[] | null) => void;

/**
 * Redis' server-assisted client-side caching (CLIENT TRACKING, broadcast mode): Redis itself tells
 * this connection of every change to a key under `prefix`, whoever made it. Listeners keep copies
 * in process memory only while `tracking` is true; losing the connection may lose messages, so
 * listeners are told to forget everything (null) when it drops and again when it is back.
 */
export class RedisInvalidations {
  private readonly logger = new Logger(RedisInvalidations.name);
  private readonly connection: Redis;
  private readonly listeners: InvalidationListener[] = [];
  private subscribed = false;

  constructor(options: RedisOptions, prefix: string) {
    // Re-subscribing by itself would skip CLIENT TRACKING, which each new connection needs first.
    this.connection = new Redis({ ...options, autoResubscribe: false, lazyConnect: true });
    this.connection.on('ready', () => void this.track(prefix));
    this.connection.on('close', () => this.lose());
    this.connection.on('messageBuffer', (_channel: Buffer, keys: Buffer[] | null) =>
      this.notify(keys && keys.map(String)),
    );
    this.connection.on('error', () => undefined); // reconnects; readiness and callers report outages
    this.connection.connect().catch(() => undefined);
  }

  /** Whether every change from now on will be heard. */
  get tracking(): boolean {
    return this.subscribed;
  }

  onInvalidate(listener: InvalidationListener): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.listeners.length = 0;
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  private async track(prefix: string): Promise<void> {
    try {
      const id = await this.connection.client('ID');
      await this.connection.call(
        'CLIENT',
        'TRACKING',
        'ON',
        'REDIRECT',
        String(id),
        'BCAST',
        'PREFIX',
        prefix,
      );
      await this.connection.subscribe(INVALIDATE_CHANNEL);
      this.notify(null);
      this.subscribed = true;
    } catch (error) {
      this.logger.warn({ err: error }, 'Redis invalidations unavailable: in-process cache copies are off');
      this.connection.disconnect(true);
    }
  }

  private lose(): void {
    if (!this.subscribed) return;
    this.subscribed = false;
    this.notify(null);
  }

  private notify(keys: string[] | null): void {
    for (const listener of this.listeners) listener(keys);
  }
}
