import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type MemberRelation = 'HEAD' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'OTHER';

@Entity('household_member')
export class HouseholdMemberEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'int' })
  householdId!: number;

  @Column({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'varchar', length: 18 })
  idNumber!: string;

  @Column({ type: 'boolean', default: true })
  idNumberValid!: boolean;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  personKey!: string;

  @Column({ type: 'varchar', length: 16 })
  relation!: MemberRelation;
}
