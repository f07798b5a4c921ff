import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 殡葬 registration of a death. */
@Entity('death_record')
@Index(['regionCode', 'id'])
export class DeathRecordEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'varchar', length: 18 })
  idNumber!: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  personKey!: string;

  @Column({ type: 'date' })
  diedOn!: string;

  @Column({ type: 'date' })
  registeredOn!: string;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;
}
