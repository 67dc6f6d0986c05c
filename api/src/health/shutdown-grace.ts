import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * On SIGTERM, readiness turns to 503 first and the server keeps serving for the grace period,
 * so Kubernetes takes the pod out of its Service before the listener closes; in-flight requests
 * then finish, and only after that are the store clients closed.
 */
@Injectable()
export class ShutdownGrace implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownGrace.name);
  private draining = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get isDraining(): boolean {
    return this.draining;
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.draining = true;
    // Ctrl-C of a developer needs no grace: nothing routes traffic to a local process.
    if (signal !== 'SIGTERM' || this.config.SHUTDOWN_GRACE_MS === 0) return;
    this.logger.log(`SIGTERM: not ready; serving for ${this.config.SHUTDOWN_GRACE_MS} ms more`);
    await sleep(this.config.SHUTDOWN_GRACE_MS);
  }
}
