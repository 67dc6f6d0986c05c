import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateUsers1732300000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // Emails are stored lower-cased, so the plain unique constraint ignores case.
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL CONSTRAINT users_email_key UNIQUE
          CONSTRAINT users_email_lower_case CHECK (email = lower(email)),
        name text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE users');
  }
}
