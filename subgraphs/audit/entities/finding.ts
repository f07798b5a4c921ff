import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { MONEY } from '../../common/columns';

export type RectificationStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETED';

/** 审计发现的问题 */
@Entity('finding')
@Index(['responsibleUscc', 'category'])
@Index(['rectificationStatus', 'rectificationDeadline'])
export class FindingEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'int' })
  projectId!: number;

  @Column({ type: 'varchar', length: 64 })
  category!: string;

  @Column({ type: 'varchar', length: 255 })
  description!: string;

  @Column(MONEY)
  amount!: number;

  @Column({ type: 'varchar', length: 18 })
  responsibleUscc!: string;

  @Column({ type: 'varchar', length: 128 })
  responsibleName!: string;

  @Column({ type: 'date' })
  rectificationDeadline!: string;

  @Column({ type: 'varchar', length: 16 })
  rectificationStatus!: RectificationStatus;

  @Column({ type: 'date', nullable: true })
  rectifiedOn!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  powerItemCode!: string | null;

  @Index()
  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;
}
