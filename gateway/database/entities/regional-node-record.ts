import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A regional node as last changed (the node registry's durable copy): what the gateways route to is
 * restored from here when the shared store (Redis) comes back empty.
 */
@Entity('regional_node')
export class RegionalNodeRecord {
  /** system@region. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  /** The whole record as JSON (RegionalNode). */
  @Column({ type: 'text' })
  node!: string;

  @Column({ type: 'varchar', length: 40 })
  changedAt!: string;
}
