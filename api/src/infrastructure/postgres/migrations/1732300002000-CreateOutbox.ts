import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateOutbox1732300002000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`);
    // The relay reads the oldest pending events; the pruning reads the oldest delivered ones.
    await queryRunner.query('CREATE INDEX outbox_pending_idx ON outbox (id) WHERE processed_at IS NULL');
    await queryRunner.query(
      'CREATE INDEX outbox_processed_at_idx ON outbox (processed_at) WHERE processed_at IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox');
  }
}
