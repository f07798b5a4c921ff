import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type EstablishmentType = 'ADMINISTRATIVE' | 'PUBLIC_INSTITUTION' | 'POLITICAL_LEGAL';
export type FundingType = 'FULL' | 'PARTIAL' | 'SELF_FINANCED';

/** 人员编制: the quota of one establishment type in a plan. */
@Entity('establishment_quota')
export class EstablishmentQuotaEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'int' })
  planId!: number;

  @Column({ type: 'varchar', length: 32 })
  type!: EstablishmentType;

  @Column({ type: 'varchar', length: 16, nullable: true })
  funding!: FundingType | null;

  @Column({ type: 'int' })
  quota!: number;
}
