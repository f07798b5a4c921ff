import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type PowerCategory =
  | 'LICENSING'
  | 'PENALTY'
  | 'COERCION'
  | 'LEVY'
  | 'BENEFIT_PAYMENT'
  | 'INSPECTION'
  | 'CONFIRMATION'
  | 'REWARD'
  | 'ADJUDICATION'
  | 'OTHER'
  | 'PUBLIC_SERVICE';

export interface StageResponsibility {
  stage: string;
  duties: string[];
}

/** An item of a body's 权力清单. */
@Entity('power_item')
export class PowerItemEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  category!: PowerCategory;

  @Index()
  @Column({ type: 'int' })
  orgId!: number;

  @Column({ type: 'simple-json' })
  legalBasis!: string[];

  @Column({ type: 'simple-json' })
  responsibilities!: StageResponsibility[];

  @Column({ type: 'simple-json' })
  accountabilityCases!: string[];

  @Index()
  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;
}
