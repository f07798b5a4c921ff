import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The work-record system's register of each body's leaders (领导班子), kept by the body in this system:
 * a leader's records are open to the cadres of the body they lead (领导干部工作记实向所领导的干部公开).
 */
@Entity('unit_leader')
export class UnitLeaderEntity {
  @PrimaryColumn({ type: 'varchar', length: 18 })
  orgUscc!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  personKey!: string;

  /** CHIEF or DEPUTY. */
  @Column({ type: 'varchar', length: 8 })
  rank!: string;
}
