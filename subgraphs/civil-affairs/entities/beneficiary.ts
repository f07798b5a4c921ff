import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { MONEY } from '../../common/columns';

export type ReliefScheme = 'DIBAO' | 'TEKUN' | 'TEMPORARY';
export type CaseStatus = 'ACTIVE' | 'SUSPENDED' | 'TERMINATED';

/** A relief case: one household's entitlement under one scheme (低保 / 特困 / 临时救助). */
@Entity('beneficiary')
@Index(['regionCode', 'id'])
export class BeneficiaryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 24 })
  caseNumber!: string;

  @Index()
  @Column({ type: 'int' })
  householdId!: number;

  @Column({ type: 'varchar', length: 16 })
  scheme!: ReliefScheme;

  @Column({ type: 'varchar', length: 16 })
  status!: CaseStatus;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ type: 'date' })
  approvedOn!: string;

  @Column(MONEY)
  monthlyAmount!: number;
}
