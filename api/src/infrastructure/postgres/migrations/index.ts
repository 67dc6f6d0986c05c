import { type MigrationInterface } from 'typeorm';
import { CreateUsers1732300000000 } from './1732300000000-CreateUsers';
import { CreateGroups1732300001000 } from './1732300001000-CreateGroups';
import { CreateOutbox1732300002000 } from './1732300002000-CreateOutbox';
import { CreateFiles1795390442035 } from './1795390442035-CreateFiles';
import { OrphanSweep1795560573678 } from './1795560573678-OrphanSweep';

/** Every migration, oldest first; the API applies the pending ones on start. */
export const migrations: (new () => MigrationInterface)[] = [
  CreateUsers1732300000000,
  CreateGroups1732300001000,
  CreateOutbox1732300002000,
  CreateFiles1795390442035,
  OrphanSweep1795560573678,
];
