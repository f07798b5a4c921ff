import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('region')
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code!: string;

  @Column({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: 'PROVINCE' | 'CITY' | 'COUNTY';

  @Index()
  @Column({ type: 'varchar', length: 6, nullable: true })
  parentCode!: string | null;
}
