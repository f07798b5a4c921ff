import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One access-log record: who read what, how it was decided, for which entities. Records form one hash
 * chain (seq, prev_hash, hash); the writer's database user may insert and select only.
 */
@Entity('access_log')
@Index(['seq'], { unique: true })
export class AccessLogRecord {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Position in the chain, from 1. */
  @Column({ type: 'int' })
  seq!: number;

  /** 'read' (a request's decisions) or 'checkpoint' (the signed head of a purged stretch). */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  at!: string;

  @Index()
  @Column({ type: 'varchar', length: 128 })
  userName!: string;

  /** JSON array of role names. */
  @Column({ type: 'text' })
  roles!: string;

  @Column({ type: 'varchar', length: 16 })
  clearance!: string;

  @Column({ type: 'varchar', length: 6, nullable: true })
  region!: string | null;

  /** JSON array of the ids of the cross-region grants that widened this request's scope (region_grant), or null. */
  @Column({ type: 'text', nullable: true })
  grants!: string | null;

  /** JSON array of the ids of the sharing agreements this request read under (sharing_agreement), or null. */
  @Column({ type: 'text', nullable: true })
  agreements!: string | null;

  /** "<case number>; <text>" as stated, or null. */
  @Column({ type: 'text', nullable: true })
  purpose!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  operationName!: string | null;

  /** SHA-256 of the operation text; for a checkpoint, the HMAC of its statement. */
  @Column({ type: 'varchar', length: 64 })
  operationHash!: string;

  /** JSON: [{ coordinate, level, decision, mask?, code? }]; for a checkpoint, its statement (chain.ts). */
  @Column({ type: 'text' })
  reads!: string;

  /** JSON: { "Person.idNumber": ["<personKey>", ...] } for RESTRICTED fields returned. */
  @Column({ type: 'text' })
  entities!: string;

  @Column({ type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
