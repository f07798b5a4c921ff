import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { decimalToNumber } from '../../common/columns';

/** Activity catalog: level 1 national, level 2 local, like accounting subjects. */
@Entity('activity_category')
export class ActivityCategoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'int' })
  level!: number;

  @Index()
  @Column({ type: 'varchar', length: 16, nullable: true })
  parentCode!: string | null;

  @Column({ type: 'varchar', length: 6, nullable: true })
  regionCode!: string | null;

  @Column({ type: 'decimal', precision: 6, scale: 2, transformer: decimalToNumber })
  standardHours!: number;
}
