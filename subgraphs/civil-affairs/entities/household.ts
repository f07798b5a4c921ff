import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('household')
@Index(['regionCode', 'id'])
export class HouseholdEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 24 })
  householdNumber!: string;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 128 })
  address!: string;
}
