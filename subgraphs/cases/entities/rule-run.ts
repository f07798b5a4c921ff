import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One run of a rule. The (rule, run key) pair is unique: a run delivered twice executes once. */
@Entity('rule_run')
@Index(['ruleId', 'runKey'], { unique: true })
export class RuleRunEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  ruleId!: number;

  /** The scheduled occurrence (the scheduler's job id), or manual:<time>. */
  @Column({ type: 'varchar', length: 96 })
  runKey!: string;

  /** Which replica ran it. */
  @Column({ type: 'varchar', length: 64 })
  runner!: string;

  @Column({ type: 'varchar', length: 24 })
  startedAt!: string;

  @Column({ type: 'varchar', length: 24, nullable: true })
  finishedAt!: string | null;

  @Column({ type: 'int', default: 0 })
  findings!: number;

  @Column({ type: 'int', default: 0 })
  newAlerts!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;
}
