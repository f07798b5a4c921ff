import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import type { EstablishmentType } from './establishment-quota';

export type PersonStatus = 'ON_ROLL' | 'TRANSFERRED_OUT' | 'RETIRED' | 'DECEASED' | 'SECONDED';
export type PostType = 'LEADERSHIP' | 'NON_LEADERSHIP' | 'PROFESSIONAL' | 'SUPPORT';

/** A person on the 实名制 roll. */
@Entity('person')
@Index(['regionCode', 'id'])
export class PersonEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  personKey!: string;

  @Column({ type: 'varchar', length: 32 })
  name!: string;

  @Index()
  @Column({ type: 'varchar', length: 18 })
  idNumber!: string;

  @Column({ type: 'boolean', default: true })
  idNumberValid!: boolean;

  @Column({ type: 'varchar', length: 8 })
  gender!: 'MALE' | 'FEMALE';

  @Column({ type: 'date' })
  birthDate!: string;

  @Index()
  @Column({ type: 'int' })
  orgId!: number;

  @Column({ type: 'int', nullable: true })
  unitId!: number | null;

  @Column({ type: 'varchar', length: 32 })
  establishmentType!: EstablishmentType;

  @Column({ type: 'date' })
  enrolledOn!: string;

  @Column({ type: 'varchar', length: 32 })
  post!: string;

  @Column({ type: 'varchar', length: 32 })
  postType!: PostType;

  @Column({ type: 'varchar', length: 8, nullable: true })
  leaderRank!: 'CHIEF' | 'DEPUTY' | null;

  @Column({ type: 'varchar', length: 32 })
  status!: PersonStatus;

  @Column({ type: 'date', nullable: true })
  statusDate!: string | null;

  @Column({ type: 'int', nullable: true })
  secondedToOrgId!: number | null;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;
}
