import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 三定方案 of one body. */
@Entity('establishment_plan')
export class EstablishmentPlanEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'int' })
  orgId!: number;

  @Column({ type: 'varchar', length: 64 })
  documentNumber!: string;

  @Column({ type: 'date' })
  approvedOn!: string;

  @Column({ type: 'simple-json' })
  functions!: string[];

  @Column({ type: 'int' })
  leaderChief!: number;

  @Column({ type: 'int' })
  leaderDeputy!: number;
}
