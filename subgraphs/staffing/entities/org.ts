import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OrgLevel = 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP';
export type OrgNature = 'ADMINISTRATIVE_ORGAN' | 'CIVIL_SERVICE_MANAGED' | 'PUBLIC_INSTITUTION';

/** 机构 */
@Entity('org')
export class OrgEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 18 })
  uscc!: string;

  @Column({ type: 'boolean', default: true })
  usccValid!: boolean;

  @Index()
  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: OrgLevel;

  @Column({ type: 'varchar', length: 32 })
  nature!: OrgNature;

  @Index()
  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;

  @Index()
  @Column({ type: 'int', nullable: true })
  parentId!: number | null;
}
