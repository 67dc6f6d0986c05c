import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

// pg returns bigint as text; file sizes stay far below 2^53, so a number is exact.
const bigintAsNumber: ValueTransformer = {
  to: (value: number) => value,
  from: (value: string) => Number(value),
};

/** Metadata of a file whose bytes MinIO holds under `key`. */
@Entity({ name: 'files' })
export class FileEntity {
  /** The MinIO object key, a UUID v7 the API minted. */
  @PrimaryColumn('uuid') key!: string;
  /** The user the file belongs to (deleted with them), if any. */
  @Column('uuid', { name: 'owner_id', nullable: true }) ownerId!: string | null;
  /** The client's file name, sanitised; only ever shown and offered back on download. */
  @Column('text', { name: 'file_name' }) fileName!: string;
  @Column('text', { name: 'content_type' }) contentType!: string;
  @Column('bigint', { transformer: bigintAsNumber }) size!: number;
  /** Hex SHA-256 of the bytes, computed while they streamed in. */
  @Column('text') sha256!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
