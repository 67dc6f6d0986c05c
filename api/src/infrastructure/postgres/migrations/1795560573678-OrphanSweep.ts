import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class OrphanSweep1795560573678 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per periodic task: the replica that moves claimed_until forward runs it.
    await queryRunner.query(`
      CREATE TABLE task_claims (
        task text PRIMARY KEY,
        claimed_until timestamptz NOT NULL
      )`);
    // When the row was written, which the orphan sweep's grace counts from: created_at is the
    // file's own time, which the seeder sets in the past.
    await queryRunner.query('ALTER TABLE files ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE files DROP COLUMN recorded_at');
    await queryRunner.query('DROP TABLE task_claims');
  }
}
