import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StoreOperations } from '../infrastructure/store-operations';

/** Claims on periodic tasks, so that one replica of all runs each turn of a task. */
@Injectable()
export class TaskClaimsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: StoreOperations,
  ) {}

  /**
   * Claims `task` for the next `seconds` if no replica holds it now; false if one does. A
   * replica that dies with the claim only delays the next turn to the claim's end.
   */
  async claim(task: string, seconds: number): Promise<boolean> {
    const claimed = await this.store.run('postgres', 'task-claim', () =>
      this.dataSource.query<{ task: string }[]>(
        `INSERT INTO task_claims (task, claimed_until) VALUES ($1, now() + make_interval(secs => $2))
         ON CONFLICT (task) DO UPDATE SET claimed_until = EXCLUDED.claimed_until
          WHERE task_claims.claimed_until <= now()
         RETURNING task`,
        [task, seconds],
      ),
    );
    return claimed.length > 0;
  }
}
