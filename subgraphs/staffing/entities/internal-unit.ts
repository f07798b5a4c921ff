import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 内设机构 (处室) */
@Entity('internal_unit')
export class InternalUnitEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'int' })
  orgId!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 255 })
  functions!: string;

  @Column({ type: 'int' })
  leaderChief!: number;

  @Column({ type: 'int' })
  leaderDeputy!: number;
}
