import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_project')
export class AuditProjectEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'int' })
  year!: number;

  @Index()
  @Column({ type: 'varchar', length: 18 })
  auditeeUscc!: string;

  @Column({ type: 'varchar', length: 128 })
  auditeeName!: string;

  @Index()
  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ type: 'date' })
  startedOn!: string;
}
