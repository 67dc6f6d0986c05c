import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateFiles1795390442035 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign key to users: a user's files are removed after them through the outbox, which
    // needs these rows to find the objects to delete in MinIO.
    await queryRunner.query(`
      CREATE TABLE files (
        key uuid PRIMARY KEY,
        owner_id uuid,
        file_name text NOT NULL CONSTRAINT files_file_name_length CHECK (char_length(file_name) BETWEEN 1 AND 255),
        content_type text NOT NULL,
        size bigint NOT NULL CONSTRAINT files_size_not_negative CHECK (size >= 0),
        sha256 text NOT NULL CONSTRAINT files_sha256_hex CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL
      )`);
    // A user's files, newest first, and the batches their deletion removes.
    await queryRunner.query(
      'CREATE INDEX files_owner_id_key_idx ON files (owner_id, key) WHERE owner_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE files');
  }
}
