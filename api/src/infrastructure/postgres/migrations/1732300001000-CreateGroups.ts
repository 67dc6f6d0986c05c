import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateGroups1732300001000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // Deleting a user deletes the groups they own, and every membership goes with its user or
    // group: the API does it explicitly to record the events, the cascades guarantee no orphan.
    await queryRunner.query(`
      CREATE TABLE groups (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        description text,
        owner_id uuid NOT NULL CONSTRAINT groups_owner_fk REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX groups_owner_id_idx ON groups (owner_id)');
    await queryRunner.query(`
      CREATE TABLE group_members (
        group_id uuid NOT NULL CONSTRAINT group_members_group_fk REFERENCES groups (id) ON DELETE CASCADE,
        user_id uuid NOT NULL CONSTRAINT group_members_user_fk REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CONSTRAINT group_members_role_check CHECK (role IN ('owner', 'member')),
        since timestamptz NOT NULL,
        PRIMARY KEY (group_id, user_id)
      )`);
    // A user's groups, in group id order, for GET /users/:id/groups.
    await queryRunner.query('CREATE INDEX group_members_user_id_idx ON group_members (user_id, group_id)');
    await queryRunner.query(
      "CREATE UNIQUE INDEX group_members_one_owner ON group_members (group_id) WHERE role = 'owner'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE group_members');
    await queryRunner.query('DROP TABLE groups');
  }
}
