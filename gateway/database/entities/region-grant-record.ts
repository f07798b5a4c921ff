import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A time-boxed cross-region grant (异地监察): the grantee may read rows of `regionCode` and below,
 * for requests stating this case number, until `expiresAt`, unless revoked first.
 */
@Entity('region_grant')
export class RegionGrantRecord {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'varchar', length: 128 })
  grantee!: string;

  @Column({ type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 64 })
  caseNumber!: string;

  @Column({ type: 'text' })
  purposeText!: string;

  @Column({ type: 'varchar', length: 128 })
  grantedBy!: string;

  @Column({ type: 'varchar', length: 40 })
  grantedAt!: string;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  expiresAt!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  revokedBy!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  revokedAt!: string | null;
}
