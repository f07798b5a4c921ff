import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what to the registry, and when: append-only. */
@Entity('registry_event')
export class RegistryEventRecord {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  at!: string;

  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  subgraph!: string | null;

  @Column({ type: 'int', nullable: true })
  revision!: number | null;

  @Column({ type: 'int', nullable: true })
  version!: number | null;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;
}
