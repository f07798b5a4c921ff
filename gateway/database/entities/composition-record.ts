import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A composition, as approved: immutable, never updated or deleted. */
@Entity('composition_version')
export class CompositionRecord {
  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'varchar', length: 40 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ type: 'varchar', length: 255 })
  reason!: string;

  /** The subgraphs (name, revision, URL, SDL, department). JSON: MySQL's TEXT would cap SDLs at 64 KB. */
  @Column({ type: 'json' })
  subgraphs!: unknown[];

  @Column({ type: 'json' })
  supergraphSdl!: string;
}
