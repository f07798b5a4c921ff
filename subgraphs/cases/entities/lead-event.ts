import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { MONEY } from '../../common/columns';

/** One step of a lead: who moved it, when, from which state to which, and what they recorded. */
@Entity('lead_event')
@Index(['leadId', 'id'])
export class LeadEventEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  leadId!: number;

  @Column({ type: 'varchar', length: 24 })
  action!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromState!: string | null;

  @Column({ type: 'varchar', length: 16 })
  toState!: string;

  /** The user (or "system" for an escalation). */
  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  @Column({ type: 'varchar', length: 24 })
  at!: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  /** 整改: money recovered. */
  @Column({ ...MONEY, nullable: true })
  amountRecovered!: number | null;

  /** 整改: documents by reference (JSON list of strings: document numbers, file ids). */
  @Column({ type: 'text', nullable: true })
  documents!: string | null;
}
