import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { decimalToNumber } from '../../common/columns';

/** 工作记实: who did what, when and where. */
@Entity('work_record')
// regionCode too: the presence check (who worked in a period, within a region scope) then reads the index alone.
@Index(['personKey', 'date', 'regionCode'])
@Index(['orgUscc', 'date'])
@Index(['regionCode', 'id'])
export class WorkRecordEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  personKey!: string;

  @Column({ type: 'varchar', length: 18 })
  orgUscc!: string;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'varchar', length: 64 })
  place!: string;

  @Column({ type: 'varchar', length: 16 })
  categoryCode!: string;

  @Column({ type: 'varchar', length: 255 })
  description!: string;

  @Column({ type: 'decimal', precision: 5, scale: 2, transformer: decimalToNumber })
  hours!: number;

  @Index()
  @Column({ type: 'varchar', length: 32, nullable: true })
  paymentRef!: string | null;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;
}
