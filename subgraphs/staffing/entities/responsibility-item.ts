import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An item of a body's 责任清单. */
@Entity('responsibility_item')
export class ResponsibilityItemEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'int' })
  orgId!: number;

  @Column({ type: 'varchar', length: 255 })
  duty!: string;

  @Column({ type: 'int', nullable: true })
  powerItemId!: number | null;

  @Column({ type: 'simple-json' })
  accountabilityCases!: string[];

  @Index()
  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;
}
