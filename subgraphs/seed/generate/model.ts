import type { EstablishmentType } from '../../staffing/entities/establishment-quota';
import type { OrgLevel, OrgNature } from '../../staffing/entities/org';
import type { PersonStatus, PostType } from '../../staffing/entities/person';

/** A body as the generator knows it while building the other systems. */
export interface Body {
  id: number;
  uscc: string;
  name: string;
  level: OrgLevel;
  nature: OrgNature;
  regionCode: string;
  /** City of the body (province-level bodies: 南京). */
  cityCode: string;
  /** County codes people of this body are born in (ID-number regions). */
  homeCounties: string[];
  parentId: number | null;
  politicalLegal: boolean;
  /** Number of people on the roll. */
  size: number;
  powerItemCodes: string[];
}

/** A person on the roll and what other systems will say about them. */
export interface RollPerson {
  id: number;
  personKey: string;
  name: string;
  idNumber: string;
  idNumberValid: boolean;
  male: boolean;
  birthDate: string;
  body: Body;
  unitId: number | null;
  establishmentType: EstablishmentType;
  enrolledOn: string;
  post: string;
  postType: PostType;
  leaderRank: 'CHIEF' | 'DEPUTY' | null;
  status: PersonStatus;
  statusDate: string | null;
  secondedTo: Body | null;
  gross: number;
  /** Last day at post inside the work-record window; null = not at post in the window at all. */
  atPostUntil: string | null;
  /** Date of death known to civil affairs while the roll still says ON_ROLL (DEAD_BUT_PAID). */
  diedOn: string | null;
  /** Planted anomaly this person carries, if any. */
  anomaly:
    | 'PAID_AFTER_SEPARATION'
    | 'DEAD_BUT_PAID'
    | 'SECONDED_PAID_TWICE'
    | 'PAID_BY_TWO_BODIES'
    | 'NEVER_AT_POST'
    | 'ON_ROLL_NOT_PAID'
    | 'PUBLIC_EMPLOYEE_ON_RELIEF'
    | null;
  /** The other paying body for SECONDED_PAID_TWICE / PAID_BY_TWO_BODIES. */
  extraPayer: Body | null;
  extraPayMonths: string[];
}
