import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { MONEY } from '../../common/columns';

/**
 * A finding a rule raised. Its key is stable across runs (the kind and what it is about, never the
 * month or the run), so a ghost found every month is one alert, seen again, not twelve.
 */
@Entity('alert')
@Index(['ruleId', 'findingKey'], { unique: true })
export class AlertEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  ruleId!: number;

  @Column({ type: 'varchar', length: 160 })
  findingKey!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 18, nullable: true })
  orgUscc!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  personKey!: string | null;

  @Column({ ...MONEY, nullable: true })
  amount!: number | null;

  @Column({ type: 'int' })
  firstRunId!: number;

  @Column({ type: 'int' })
  lastRunId!: number;

  @Column({ type: 'int', default: 1 })
  timesSeen!: number;

  /** The lead it opened. */
  @Column({ type: 'int' })
  leadId!: number;
}
