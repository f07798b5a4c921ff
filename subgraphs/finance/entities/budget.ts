import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { MONEY } from '../../common/columns';

/** A budget line of one body for one year. */
@Entity('budget')
@Index(['orgUscc', 'year'])
export class BudgetEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 18 })
  orgUscc!: string;

  @Column({ type: 'int' })
  year!: number;

  @Column({ type: 'varchar', length: 16 })
  lineCode!: string;

  @Column({ type: 'varchar', length: 64 })
  lineName!: string;

  @Column(MONEY)
  amount!: number;

  @Index()
  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;
}
